package io.forkless.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.loader.RuntimeRejectedException;
import io.forkless.testing.jar.Keytool;
import io.forkless.testing.jar.SigningIdentity;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit on the repository's sample runtimes, as a runtime developer's tests would use it. */
class TestChainTest {

  static final Path SAMPLES =
      Path.of(System.getProperty("forkless.sampleJars", "target/sample-jars"));
  static final Path V1_0 = SAMPLES.resolve("balances-runtime-1.0.0.jar");
  static final Path V1_1 = SAMPLES.resolve("balances-runtime-1.1.0.jar");
  static final Path V2_0 = SAMPLES.resolve("balances-runtime-2.0.0.jar");
  static final Path ADD_STAKING = SAMPLES.resolve("add-staking-migration.jar");

  static TestChain.Builder balances(Path jar) {
    return TestChain.builder().runtime(jar).account("alice", 1_000).account("bob", 500);
  }

  @Test
  void runsGenesisAndTransactionsThroughTheRuntime() {
    try (TestChain chain = balances(V1_0).start()) {
      assertThat(chain.height()).isZero();
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(chain.invariants())
          .containsEntry("totalSupply", "1500")
          .containsEntry("accountCount", "2");

      List<Receipt> receipts = chain.block("transfer alice bob 100", "transfer bob carol 50");

      assertThat(receipts).extracting(Receipt::success).containsExactly(true, true);
      assertThat(chain.height()).isEqualTo(1);
      assertThat(chain.state().get("acct/carol".getBytes(StandardCharsets.US_ASCII)))
          .hasValueSatisfying(v -> assertThat(v).hasSize(8));
      assertThat(chain.invariants()).containsEntry("accountCount", "3");
    }
  }

  @Test
  void aRejectedTransactionLeavesNoWrites() {
    try (TestChain chain = balances(V1_0).start()) {
      String before = chain.stateRoot();

      List<Receipt> receipts = chain.block("transfer alice bob 5000");

      assertThat(receipts.get(0).success()).isFalse();
      assertThat(receipts.get(0).message()).containsIgnoringCase("insufficient");
      assertThat(chain.stateRoot()).isEqualTo(before);
      assertThat(chain.height()).isEqualTo(1);
    }
  }

  @Test
  void refusesATransactionItAlreadyRan() {
    try (TestChain chain = balances(V1_0).start()) {
      chain.block("transfer alice bob 1");

      assertThatThrownBy(() -> chain.block("transfer alice bob 1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already included")
          .hasMessageContaining("#1");
      assertThat(chain.height()).isEqualTo(1);
    }
  }

  @Test
  void rehearsesAnUpgradeWithAMigrationUnderTheNodesChecks() {
    try (TestChain chain = balances(V1_0).start()) {
      chain.block("transfer alice bob 100");
      UpgradeReport report = chain.upgrade(V2_0, ADD_STAKING);

      assertThat(report.from()).isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(report.to()).isEqualTo(RuntimeVersion.of(2, 0, 0));
      assertThat(report.height()).isEqualTo(2);
      assertThat(report.migrations())
          .containsExactly(new UpgradeReport.Migration("add_staking", 2));
      assertThat(report.invariantsAfter()).isEqualTo(report.invariantsBefore());
      assertThat(report.stateRootAfter()).isNotEqualTo(report.stateRootBefore());
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(2, 0, 0));
      assertThat(chain.block("stake alice 10")).extracting(Receipt::success).containsExactly(true);
    }
  }

  @Test
  void anUpgradeWithoutMigrationsKeepsTheState() {
    try (TestChain chain = balances(V1_0).start()) {
      UpgradeReport report = chain.upgrade(V1_1);

      assertThat(report.migrations()).isEmpty();
      assertThat(report.stateRootAfter()).isEqualTo(report.stateRootBefore());
      assertThat(chain.block("transfer_memo alice bob 1 lunch"))
          .extracting(Receipt::success)
          .containsExactly(true);
    }
  }

  @Test
  void aLayoutChangeWithoutAMigrationFailsAndChangesNothing() {
    try (TestChain chain = balances(V1_0).start()) {
      String root = chain.stateRoot();

      assertThatThrownBy(() -> chain.upgrade(V2_0))
          .isInstanceOf(UpgradeFailedException.class)
          .hasMessageContaining("needs a migration plan");
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(chain.stateRoot()).isEqualTo(root);
      assertThat(chain.height()).isZero();
    }
  }

  @Test
  void refusesAJarWhoseSignerItDoesNotTrust(@TempDir Path dir) throws Exception {
    SigningIdentity other = Keytool.in(dir).key("someone-else").create();
    Path store = dir.resolve("other-trust.p12");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("other", other.certificate());
    try (OutputStream out = Files.newOutputStream(store)) {
      trust.store(out, "pw".toCharArray());
    }

    assertThatThrownBy(
            () -> balances(V1_0).signers(Signers.trustStore(store, "pw")).start().close())
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessageContaining("balances-runtime-1.0.0.jar");
  }

  @Test
  void bundlesTheDevChainsGenesisRuntime(@TempDir Path dir) throws Exception {
    Path jar = DevChainJars.genesisRuntime(dir);

    assertThat(Files.readAllBytes(jar)).isEqualTo(Files.readAllBytes(V1_0));
  }
}
