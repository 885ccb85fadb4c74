package ${package}.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.testkit.Determinism;
import io.forkless.testkit.DevChainJars;
import io.forkless.testkit.Signers;
import io.forkless.testkit.TestChain;
import io.forkless.testkit.UpgradeFailedException;
import io.forkless.testkit.UpgradeReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade a dev chain will run, rehearsed in memory (forkless-testkit): from the dev chain's
 * genesis runtime (balances 1.0.0) to this project's runtime 2.0.0 through add_nonce, with the
 * node's verifier, invariant and post-upgrade checks.
 */
class UpgradeIT {

  static final Path RUNTIME = Path.of(System.getProperty("runtime.jar"));
  static final Path PLUGIN = Path.of(System.getProperty("plugin.jar"));

  @TempDir Path dir;

  TestChain devChain() {
    return TestChain.builder()
        .runtime(DevChainJars.genesisRuntime(dir))
        .signers(Signers.fromSystemProperties())
        .account("alice", 1_000_000)
        .account("bob", 1_000_000)
        .start();
  }

  @Test
  void migratesEveryAccountAndKeepsTheInvariants() {
    try (TestChain chain = devChain()) {
      chain.block("transfer alice carol 250");

      UpgradeReport report = chain.upgrade(RUNTIME, PLUGIN);

      assertThat(report.from()).isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(report.to()).isEqualTo(RuntimeVersion.of(2, 0, 0));
      assertThat(report.migrations()).containsExactly(new UpgradeReport.Migration("add_nonce", 3));
      assertThat(report.invariantsAfter())
          .isEqualTo(report.invariantsBefore())
          .containsEntry("totalSupply", "2000000")
          .containsEntry("accountCount", "3");
      assertThat(chain.block("transfer carol bob 50"))
          .extracting(Receipt::message)
          .containsExactly("nonce 1");
    }
  }

  @Test
  void withoutTheMigrationTheUpgradeIsRefusedAndNothingChanges() {
    try (TestChain chain = devChain()) {
      String root = chain.stateRoot();

      assertThatThrownBy(() -> chain.upgrade(RUNTIME))
          .isInstanceOf(UpgradeFailedException.class)
          .hasMessageContaining("needs a migration plan");
      assertThat(chain.stateRoot()).isEqualTo(root);
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(1, 0, 0));
    }
  }

  @Test
  void theUpgradeIsDeterministic() {
    Determinism.assertDeterministic(
        this::devChain,
        chain -> {
          chain.block("transfer alice bob 1", "transfer bob dave 2");
          chain.upgrade(RUNTIME, PLUGIN);
          chain.block("transfer dave alice 1");
        });
  }
}
