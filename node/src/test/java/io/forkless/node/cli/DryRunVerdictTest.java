package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.host.upgrade.UpgradeRequest;
import io.forkless.node.cli.verdict.NoOpMigration;
import io.forkless.node.cli.verdict.ThrowingMigration;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code forkless migrate --dry-run} and the activation block run the same unit ({@code
 * UpgradeActivation}): on the same state, the dry run's verdict is the activation's, for a plan
 * that passes and for plans that fail in the migration or in the checks after it.
 */
class DryRunVerdictTest {

  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("add_staking", null, true),
        Arguments.of("throwing", ThrowingMigration.class, false),
        Arguments.of("no_op", NoOpMigration.class, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void theDryRunsVerdictIsTheActivationsOnTheSameState(
      String migration, Class<?> extension, boolean passes) throws IOException {
    Path data = dir.resolve("data");
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path v1 = Files.copy(SampleJars.runtime("1.0.0"), plugins.resolve("v1.jar"));
    Path v2 = Files.copy(SampleJars.runtime("2.0.0"), plugins.resolve("v2.jar"));
    Path plugin =
        extension == null
            ? Files.copy(SampleJars.addStaking(), plugins.resolve("plugin.jar"))
            : plugin(migration, extension, plugins.resolve("plugin.jar"));
    Map<String, Long> balances = new TreeMap<>();
    for (int i = 0; i < 50; i++) {
      balances.put(String.format("acct%03d", i), 1000L + i);
    }
    GenesisConfig genesis =
        new GenesisConfig(
            DevChain.CHAIN_ID,
            DevChain.GENESIS_TIME.toEpochMilli(),
            io.forkless.testing.Accounts.devGenesis(balances, name -> false),
            sha(v1));
    open(data, plugins, genesis).close();

    Cli dryRun =
        Cli.run(
            "migrate",
            "--dry-run",
            "--jar",
            v2.toString(),
            "--migration",
            plugin.toString(),
            "--data-dir",
            data.toString(),
            "--plugins-dir",
            plugins.toString(),
            "--dev");

    List<UpgradeEvent> events = new ArrayList<>();
    try (ForklessHost host = open(data, plugins, genesis)) {
      host.coordinator().addListener(events::add);
      host.coordinator()
          .scheduleUpgrade(
              new UpgradeRequest(
                  V2,
                  new RuntimeCode(v2, sha(v2)),
                  host.chain().head().height() + 1,
                  Optional.of(new MigrationPlan(V1, V2, List.of(migration), 60, false)),
                  List.of(new RuntimeCode(plugin, sha(plugin))),
                  OptionalLong.empty()));
      host.producer().produceBlock().orElseThrow();
    }
    UpgradeEvent outcome = events.get(events.size() - 1);
    boolean activated = outcome instanceof UpgradeEvent.UpgradeExecuted;

    assertThat(dryRun.exitCode() == 0)
        .as("dry run verdict (%s%s) vs activation %s", dryRun.out(), dryRun.err(), outcome)
        .isEqualTo(activated)
        .isEqualTo(passes);
    if (outcome instanceof UpgradeEvent.UpgradeFailed failed) {
      assertThat(dryRun.out() + dryRun.err())
          .as("the dry run names the activation's cause")
          .contains(CliException.oneLine(failed.cause()));
    }
  }

  private static ForklessHost open(Path data, Path plugins, GenesisConfig genesis) {
    return ForklessHost.builder()
        .dataDir(data)
        .pluginsFolder(plugins)
        .trust(TrustOptions.devAnchors())
        .genesis(genesis)
        .validators(DevChain.validators())
        .upgradeConfig(DevChain.upgradeConfig())
        .build();
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

  private static HashCode sha(Path file) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }
}
