package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.host.upgrade.UpgradeRequest;
import io.forkless.node.cli.verdict.NoOpSteppedMigration;
import io.forkless.node.cli.verdict.ThrowingSteppedMigration;
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
 * The dry run of a stepped plan against its real multi-block activation on the same state, at the
 * chain's budget (20 keys a block, recorded in genesis; the dry run reads it from the state): the
 * same verdict, the same cause, and as many blocks as the activation took.
 */
class SteppedDryRunVerdictTest {

  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("add_staking_stepped", null, true),
        Arguments.of("throwing_stepped", ThrowingSteppedMigration.class, false),
        Arguments.of("no_op_stepped", NoOpSteppedMigration.class, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void theDryRunsVerdictAndBlocksAreTheMultiBlockActivations(
      String migration, Class<?> extension, boolean passes) throws IOException {
    Path data = dir.resolve("data");
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path v1 = Files.copy(SampleJars.runtime("1.0.0"), plugins.resolve("v1.jar"));
    Path v2 = Files.copy(SampleJars.runtime("2.0.0"), plugins.resolve("v2.jar"));
    Path plugin =
        extension == null
            ? Files.copy(SampleJars.addStakingStepped(), plugins.resolve("plugin.jar"))
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
            "--json",
            "--jar",
            v2.toString(),
            "--migration",
            plugin.toString(),
            "--data-dir",
            data.toString(),
            "--plugins-dir",
            plugins.toString(),
            "--dev");
    JsonNode report = RpcClient.mapper().readTree(dryRun.out());

    List<UpgradeEvent> events = new ArrayList<>();
    long activation;
    long end;
    try (ForklessHost host = open(data, plugins, genesis)) {
      host.coordinator().addListener(events::add);
      activation = host.chain().head().height() + 1;
      host.coordinator()
          .scheduleUpgrade(
              new UpgradeRequest(
                  V2,
                  new RuntimeCode(v2, sha(v2)),
                  activation,
                  Optional.of(new MigrationPlan(V1, V2, List.of(migration), 60, true)),
                  List.of(new RuntimeCode(plugin, sha(plugin))),
                  OptionalLong.empty()));
      do {
        host.producer().produceBlock().orElseThrow();
      } while (host.coordinator().pendingUpgrade().isPresent()
          && host.chain().head().height() < activation + 50);
      end = host.chain().head().height();
    }
    UpgradeEvent outcome = events.get(events.size() - 1);
    boolean activated = outcome instanceof UpgradeEvent.UpgradeExecuted;

    assertThat(report.get("stepBudgetKeys").asLong()).as("the chain's budget").isEqualTo(20);
    assertThat(dryRun.exitCode() == 0)
        .as("dry run verdict (%s%s) vs activation %s", dryRun.out(), dryRun.err(), outcome)
        .isEqualTo(activated)
        .isEqualTo(passes);
    if (outcome instanceof UpgradeEvent.UpgradeFailed failed) {
      assertThat(dryRun.out() + dryRun.err())
          .as("the dry run names the activation's cause")
          .contains(CliException.oneLine(failed.cause()));
    }
    if (passes) {
      assertThat(report.get("migrations").get(0).get("blocks").asLong())
          .as("blocks: dry run vs activation (heights %d..%d)", activation, end)
          .isEqualTo(end - activation + 1)
          // 50 accounts at 20 keys a block: 10 rewritten a block, then the stepped validation
          // reads 3 keys per account (150 reads).
          .isEqualTo(13);
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
        .migrationBudget(new StepBudget(20))
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
