package io.forkless.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.TransactionValidity;
import io.forkless.host.loader.RuntimeRejectedException;
import io.forkless.testing.jar.Keytool;
import io.forkless.testing.jar.SigningIdentity;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
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
  void runsGenesisAndSignedTransactionsThroughTheRuntime() {
    try (TestChain chain = balances(V1_0).start()) {
      assertThat(chain.height()).isZero();
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(chain.invariants())
          .containsEntry("totalSupply", "1500")
          .containsEntry("accountCount", "2");

      String carol = TestAccount.dev("carol").publicKeyHex();
      List<Receipt> receipts =
          chain.block(
              chain.tx("alice", "transfer bob 100"), chain.tx("bob", "transfer " + carol + " 50"));

      assertThat(receipts).extracting(Receipt::success).containsExactly(true, true);
      assertThat(chain.height()).isEqualTo(1);
      assertThat(chain.query("account " + carol)).contains("\"balance\":50");
      assertThat(chain.query("account alice")).contains("\"nonce\":1").contains("\"balance\":900");
      assertThat(chain.invariants()).containsEntry("accountCount", "3");
    }
  }

  @Test
  void signsEachAccountsTransactionsWithItsNextNonce() {
    try (TestChain chain = balances(V1_0).start()) {
      chain.block(chain.tx("alice", "transfer bob 1"), chain.tx("alice", "transfer bob 2"));
      List<Receipt> next = chain.block(chain.tx("alice", "transfer bob 3"));

      assertThat(next).extracting(Receipt::success).containsExactly(true);
      assertThat(chain.query("account alice")).contains("\"nonce\":3").contains("\"balance\":994");
    }
  }

  @Test
  void anUnauthenticatedTransactionIsRefusedAndLeavesNoWrites() {
    try (TestChain chain = balances(V1_0).start()) {
      String before = chain.stateRoot();

      List<Receipt> receipts =
          chain.block(
              "transfer alice bob 5".getBytes(StandardCharsets.US_ASCII), // unsigned text
              chain.account("alice").sign("another-chain", 0, "transfer bob 5"),
              chain.tx("mallory", "transfer bob 5")); // a key with no account

      assertThat(receipts).noneMatch(Receipt::success);
      assertThat(receipts)
          .extracting(Receipt::message)
          .satisfiesExactly(
              m -> assertThat(m).startsWith("malformed transaction"),
              m -> assertThat(m).startsWith("wrong chain"),
              m -> assertThat(m).startsWith("unknown account"));
      assertThat(chain.stateRoot()).isEqualTo(before);
      assertThat(chain.height()).isEqualTo(1);
    }
  }

  @Test
  void aFailedCallOfAnAuthenticatedSenderKeepsOnlyItsNonce() {
    try (TestChain chain = balances(V1_0).start()) {
      List<Receipt> receipts = chain.block(chain.tx("alice", "transfer bob 5000"));

      assertThat(receipts.get(0).success()).isFalse();
      assertThat(receipts.get(0).message()).containsIgnoringCase("insufficient");
      assertThat(chain.query("account alice")).contains("\"nonce\":1").contains("\"balance\":1000");
      // The kit counted that nonce: the next transaction goes through.
      assertThat(chain.block(chain.tx("alice", "transfer bob 5")))
          .extracting(Receipt::success)
          .containsExactly(true);
    }
  }

  @Test
  void validatesAsTheMempoolWouldWithoutWriting() {
    try (TestChain chain = balances(V1_0).start()) {
      String root = chain.stateRoot();
      TestAccount alice = chain.account("alice");

      TransactionValidity now = chain.validate(alice.sign(chain.chainId(), 0, "transfer bob 1"));
      TransactionValidity later = chain.validate(alice.sign(chain.chainId(), 4, "transfer bob 1"));
      TransactionValidity elsewhere = chain.validate(alice.sign("other", 0, "transfer bob 1"));

      assertThat(now).isEqualTo(TransactionValidity.ordered(alice.publicKey(), 0, 0));
      assertThat(later).isEqualTo(TransactionValidity.ordered(alice.publicKey(), 4, 0));
      assertThat(elsewhere.valid()).isFalse();
      assertThat(elsewhere.reason()).contains("wrong chain").contains("'other'");
      assertThat(chain.stateRoot()).isEqualTo(root);
      assertThat(chain.height()).isZero();
    }
  }

  @Test
  void aQueryTheRuntimeRefusesThrowsItsReason() {
    try (TestChain chain = balances(V1_0).start()) {
      assertThatThrownBy(() -> chain.query("balance of alice"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown query");
    }
  }

  @Test
  void refusesATransactionItAlreadyRan() {
    try (TestChain chain = balances(V1_0).start()) {
      byte[] tx = chain.tx("alice", "transfer bob 1");
      chain.block(tx);

      assertThatThrownBy(() -> chain.block(tx))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already included")
          .hasMessageContaining("next nonce");
      assertThatThrownBy(() -> chain.block("transfer alice bob 1", "transfer alice bob 1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"transfer alice bob 1\" is repeated");
      assertThat(chain.height()).isEqualTo(1);
    }
  }

  @Test
  void rehearsesAnUpgradeWithAMigrationUnderTheNodesChecks() {
    try (TestChain chain = balances(V1_0).start()) {
      chain.block(chain.tx("alice", "transfer bob 100"));
      UpgradeReport report = chain.upgrade(V2_0, ADD_STAKING);

      assertThat(report.from()).isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(report.to()).isEqualTo(RuntimeVersion.of(2, 0, 0));
      assertThat(report.height()).isEqualTo(2);
      assertThat(report.migrations())
          .containsExactly(new UpgradeReport.Migration("add_staking", 2));
      assertThat(report.invariantsAfter()).isEqualTo(report.invariantsBefore());
      assertThat(report.stateRootAfter()).isNotEqualTo(report.stateRootBefore());
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(2, 0, 0));
      // Keys and nonces survive the upgrade: alice's next nonce is 1.
      assertThat(chain.block(chain.tx("alice", "stake 10")))
          .extracting(Receipt::success)
          .containsExactly(true);
      assertThat(chain.query("account alice")).contains("\"nonce\":2").contains("\"staked\":10");
    }
  }

  @Test
  void anUpgradeWithoutMigrationsKeepsTheState() {
    try (TestChain chain = balances(V1_0).start()) {
      UpgradeReport report = chain.upgrade(V1_1);

      assertThat(report.migrations()).isEmpty();
      assertThat(report.stateRootAfter()).isEqualTo(report.stateRootBefore());
      assertThat(chain.block(chain.tx("alice", "transfer_memo bob 1 lunch")))
          .extracting(Receipt::success)
          .containsExactly(true);
    }
  }

  @Test
  void genesisEntriesReachTheRuntimeAsANodeConfigGivesThem() {
    String key = TestAccount.dev("erin").publicKeyHex();
    try (TestChain chain =
        TestChain.builder()
            .runtime(V1_0)
            .genesis(
                "accounts",
                List.of(
                    Map.of("public_key", key, "balance", 70L),
                    Map.of(
                        "name",
                        "zed",
                        "public_key",
                        TestAccount.dev("zed").publicKeyHex(),
                        "balance",
                        5)))
            .start()) {
      assertThat(chain.invariants())
          .containsEntry("totalSupply", "75")
          .containsEntry("accountCount", "2");
      assertThat(chain.query("account zed")).contains("\"balance\":5");
      assertThat(chain.block(chain.tx("erin", "transfer zed 20")))
          .extracting(Receipt::success)
          .containsExactly(true);
    }
  }

  @Test
  void theRuntimesRefusalOfItsGenesisSectionNamesTheEntry() {
    assertThatThrownBy(() -> balances(V1_0).genesis("treasury", "alice").start().close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("genesis.runtime.treasury");
    assertThatThrownBy(
            () ->
                TestChain.builder()
                    .runtime(V1_0)
                    .genesis("accounts", List.of(Map.of("public_key", "00", "balance", 1L)))
                    .start()
                    .close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("genesis.runtime.accounts[0].public_key");
  }

  @Test
  void accountsGivenTwoWaysAreRefused() {
    assertThatThrownBy(() -> balances(V1_0).genesis("accounts", List.of()).start().close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("use one of them");
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
