package io.forkless.node.cli;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.migration.StepBudget;
import io.forkless.node.dev.DevChain;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The chain the dry-run verdict tests compare on: a dev chain of 50 accounts on balances 1.0.0 in a
 * data folder, the 2.0.0 JAR and one migration plugin in its plugins folder (a sample plugin, or a
 * test extension class signed into a plugin JAR with the dev key).
 */
final class DryRunBed {

  final Path data;
  final Path plugins;
  final Path v1;
  final Path v2;
  final Path plugin;
  private final GenesisConfig genesis;
  private final @Nullable StepBudget budget;
  private final io.forkless.host.metering.@Nullable MeteringLimits metering;

  /**
   * @param sample the sample plugin JAR, used when {@code extension} is null
   * @param budget the chain's multi-block budget recorded in genesis (null: the default)
   */
  DryRunBed(
      Path dir,
      Path sample,
      String migration,
      @Nullable Class<?> extension,
      @Nullable StepBudget budget)
      throws IOException {
    this(dir, sample, migration, extension, budget, null);
  }

  /**
   * As {@link #DryRunBed(Path, Path, String, Class, StepBudget)}, with the chain's genesis metering
   * limits (null: the defaults).
   */
  DryRunBed(
      Path dir,
      Path sample,
      String migration,
      @Nullable Class<?> extension,
      @Nullable StepBudget budget,
      io.forkless.host.metering.@Nullable MeteringLimits metering)
      throws IOException {
    this.metering = metering;
    this.data = dir.resolve("data");
    this.plugins = Files.createDirectories(dir.resolve("plugins"));
    this.v1 = Files.copy(SampleJars.runtime("1.0.0"), plugins.resolve("v1.jar"));
    this.v2 = Files.copy(SampleJars.runtime("2.0.0"), plugins.resolve("v2.jar"));
    this.plugin =
        extension == null
            ? Files.copy(sample, plugins.resolve("plugin.jar"))
            : plugin(migration, extension, plugins.resolve("plugin.jar"));
    this.budget = budget;
    Map<String, Long> balances = new TreeMap<>();
    for (int i = 0; i < 50; i++) {
      balances.put(String.format("acct%03d", i), 1000L + i);
    }
    this.genesis =
        new GenesisConfig(
            DevChain.CHAIN_ID,
            DevChain.GENESIS_TIME.toEpochMilli(),
            io.forkless.testing.Accounts.devGenesis(balances, name -> false),
            sha(v1));
    open().close();
  }

  /** Runs {@code forkless migrate --dry-run} of the 2.0.0 JAR and the plugin on the data folder. */
  Cli dryRun(String... options) {
    List<String> args = new ArrayList<>(List.of("migrate", "--dry-run"));
    args.addAll(List.of(options));
    args.addAll(
        List.of(
            "--jar",
            v2.toString(),
            "--migration",
            plugin.toString(),
            "--data-dir",
            data.toString(),
            "--plugins-dir",
            plugins.toString(),
            "--dev"));
    return Cli.run(args.toArray(String[]::new));
  }

  /** The node's host on the data folder. */
  ForklessHost open() {
    ForklessHost.Builder b =
        ForklessHost.builder()
            .dataDir(data)
            .pluginsFolder(plugins)
            .trust(TrustOptions.devAnchors())
            .genesis(genesis)
            .validators(DevChain.validators())
            .upgradeConfig(DevChain.upgradeConfig());
    if (budget != null) {
      b.migrationBudget(budget);
    }
    if (metering != null) {
      b.metering(metering);
    }
    return b.build();
  }

  static HashCode sha(Path file) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }

  private static Path plugin(String id, Class<?> extension, Path file) throws IOException {
    String path = extension.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (InputStream in = extension.getClassLoader().getResourceAsStream(path)) {
      bytes = in.readAllBytes();
    }
    SigningIdentity dev =
        SigningIdentity.fromPkcs12(
            SampleJars.devSigningStore(), "forkless-dev-signer", "forkless-dev-only".toCharArray());
    TestJar.builder()
        .manifestAttribute("Plugin-Id", id)
        .manifestAttribute("Plugin-Version", "1.0.0")
        .entry("META-INF/extensions.idx", extension.getName() + "\n")
        .entry(path, bytes)
        .build()
        .signedBy(Signing.by(dev))
        .writeTo(file);
    return file;
  }
}
