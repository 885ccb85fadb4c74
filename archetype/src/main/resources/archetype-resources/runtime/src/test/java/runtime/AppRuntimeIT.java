package ${package}.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.TransactionValidity;
import io.forkless.testkit.Determinism;
import io.forkless.testkit.Signers;
import io.forkless.testkit.TestAccount;
import io.forkless.testkit.TestChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signed runtime JAR on an in-memory chain (forkless-testkit): verified, loaded and executed as
 * a node does. An integration test, so it runs after `package` has signed the JAR. Transactions are
 * signed by the kit's dev accounts: {@code chain.tx("alice", call)} signs with alice's next nonce
 * for this chain.
 */
class AppRuntimeIT {

  static final Path JAR = Path.of(System.getProperty("runtime.jar"));
  static final String CAROL = TestAccount.dev("carol").publicKeyHex();

  static TestChain.Builder chain() {
    return TestChain.builder()
        .runtime(JAR)
        .signers(Signers.fromSystemProperties())
        .account("alice", 1_000)
        .account("bob", 500);
  }

  @Test
  void genesisWritesEveryAccountWithNonceZero() {
    try (TestChain chain = chain().start()) {
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(2, 0, 0));
      assertThat(chain.invariants())
          .containsEntry("totalSupply", "1500")
          .containsEntry("accountCount", "2");
      assertThat(chain.query("account alice"))
          .isEqualTo(
              "{\"account\":\""
                  + TestAccount.dev("alice").publicKeyHex()
                  + "\",\"exists\":true,\"balance\":1000,\"nonce\":0}");
    }
  }

  @Test
  void aSignedTransferMovesFundsAndUsesTheSendersNonce() {
    try (TestChain chain = chain().start()) {
      List<Receipt> receipts =
          chain.block(
              chain.tx("alice", "transfer bob 100"), chain.tx("alice", "transfer " + CAROL + " 1"));

      assertThat(receipts).extracting(Receipt::success).containsExactly(true, true);
      assertThat(receipts.get(1).message()).isEqualTo("nonce 2");
      assertThat(chain.query("account alice")).contains("\"balance\":899,\"nonce\":2");
      assertThat(chain.query("account bob")).contains("\"balance\":600,\"nonce\":0");
      assertThat(chain.query("account " + CAROL)).contains("\"exists\":true,\"balance\":1,");
      assertThat(chain.invariants())
          .containsEntry("totalSupply", "1500")
          .containsEntry("accountCount", "3");
    }
  }

  @Test
  void aFailedCallUsesTheNonceAndWritesNothingElse() {
    try (TestChain chain = chain().start()) {
      List<Receipt> receipts =
          chain.block(
              chain.tx("alice", "transfer bob 5000"),
              chain.tx("alice", "transfer nobody 1"),
              chain.tx("alice", "transfer alice 1"),
              chain.tx("alice", "transfer bob -3"),
              chain.tx("alice", "pay bob 1"));

      assertThat(receipts).noneMatch(Receipt::success);
      assertThat(receipts)
          .extracting(Receipt::message)
          .containsExactly(
              "insufficient funds for a transfer of 5000",
              "unknown recipient 'nobody': give a genesis name or a 64-hex public key",
              "sender and recipient are the same account",
              "amount must be a whole number from 1 to 1000000000000000000 but was '-3'",
              "malformed call: expected 'transfer TO AMOUNT'");
      assertThat(chain.query("account alice")).contains("\"balance\":1000,\"nonce\":5");
      assertThat(chain.query("account bob")).contains("\"balance\":500,\"nonce\":0");
      assertThat(chain.block(chain.tx("alice", "transfer bob 1")))
          .extracting(Receipt::message)
          .containsExactly("nonce 6");
    }
  }

  @Test
  void refusesWhatItCannotAuthenticateWithAReasonAndNoWrites() {
    try (TestChain chain = chain().start()) {
      chain.block(chain.tx("alice", "transfer bob 1"));
      String root = chain.stateRoot();
      TestAccount alice = chain.account("alice");
      byte[] forged = alice.sign(chain.chainId(), 1, "transfer bob 1");
      forged[forged.length - 1] = '9'; // no longer the call alice signed

      List<Receipt> receipts =
          chain.block(
              forged,
              alice.sign(chain.chainId(), 0, "transfer bob 1 #again"), // replayed nonce
              alice.sign("another-chain", 1, "transfer bob 1"),
              alice.sign(chain.chainId(), 7, "transfer bob 1"), // future nonce
              TestAccount.dev("mallory").sign(chain.chainId(), 0, "transfer bob 1"),
              "transfer alice bob 1".getBytes(StandardCharsets.US_ASCII)); // unsigned

      assertThat(receipts).noneMatch(Receipt::success);
      assertThat(receipts)
          .extracting(Receipt::message)
          .containsExactly(
              "bad signature: not the sender's signature of this chain id, nonce and call",
              "replayed nonce 0: the account's next nonce is 1",
              "wrong chain: signed for 'another-chain' but this is 'forkless-test'",
              "future nonce 7: the account's next nonce is 1",
              "unknown account: the sender has no record on this chain",
              "malformed transaction: expected a signed envelope (version 0x01)");
      assertThat(chain.stateRoot()).isEqualTo(root);
    }
  }

  @Test
  void validateTellsTheMempoolSenderAndNonceOrWhyNot() {
    try (TestChain chain = chain().start()) {
      TestAccount alice = chain.account("alice");
      chain.block(chain.tx("alice", "transfer bob 1"));
      String root = chain.stateRoot();

      assertThat(chain.validate(alice.sign(chain.chainId(), 1, "transfer bob 1")))
          .isEqualTo(TransactionValidity.ordered(alice.publicKey(), 1, 1));
      assertThat(chain.validate(alice.sign(chain.chainId(), 3, "transfer bob 1")))
          .isEqualTo(TransactionValidity.ordered(alice.publicKey(), 3, 1));
      assertThat(chain.validate(alice.sign(chain.chainId(), 0, "transfer bob 2")))
          .isEqualTo(
              TransactionValidity.invalid("replayed nonce 0: the account's next nonce is 1"));
      assertThat(chain.validate(alice.sign("elsewhere", 1, "transfer bob 1")).reason())
          .startsWith("wrong chain");
      assertThat(chain.stateRoot()).isEqualTo(root);
    }
  }

  @Test
  void queriesAnswerByNameOrKeyAndRefuseTheRest() {
    try (TestChain chain = chain().start()) {
      String bob = TestAccount.dev("bob").publicKeyHex();

      assertThat(chain.query("account " + bob)).isEqualTo(chain.query("account bob"));
      assertThat(chain.query("account " + CAROL))
          .isEqualTo("{\"account\":\"" + CAROL + "\",\"exists\":false,\"balance\":0,\"nonce\":0}");
      assertThatThrownBy(() -> chain.query("account nobody"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("neither a genesis name nor a 64-hex public key");
      assertThatThrownBy(() -> chain.query("balance alice"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown query");
    }
  }

  @Test
  void refusesABadGenesisEntryNamingIt() {
    String key = TestAccount.dev("erin").publicKeyHex();
    assertThatThrownBy(() -> genesis(Map.of("public_key", "ABC", "balance", 1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("genesis.runtime.accounts[0].public_key must be 64 lowercase hex");
    assertThatThrownBy(() -> genesis(Map.of("public_key", key, "balance", -1L)))
        .hasMessageContaining("genesis.runtime.accounts[0].balance");
    assertThatThrownBy(
            () ->
                genesis(
                    Map.of("public_key", key, "balance", 1L),
                    Map.of("public_key", key, "balance", 2L)))
        .hasMessageContaining("genesis.runtime.accounts[1].public_key " + key + " appears twice");
    assertThatThrownBy(() -> genesis(Map.of("name", "Not Valid", "public_key", key, "balance", 1L)))
        .hasMessageContaining("genesis.runtime.accounts[0].name must be 1..32 of [a-z0-9_]");
    assertThatThrownBy(() -> genesis(Map.of("public_key", key, "balance", 1L, "stake", 2L)))
        .hasMessageContaining("unknown key genesis.runtime.accounts[0].stake");
    assertThatThrownBy(
            () ->
                genesis(
                    Map.of("public_key", key, "balance", AppRuntime.MAX_SUPPLY),
                    Map.of("public_key", CAROL, "balance", 1L)))
        .hasMessageContaining("genesis.runtime.accounts[1].balance")
        .hasMessageContaining("total supply");
    assertThatThrownBy(() -> chain().genesis("treasury", 5L).start().close())
        .hasMessageContaining("unknown key genesis.runtime.treasury");
  }

  @Test
  void isDeterministic() {
    Determinism.assertDeterministic(
        () -> chain().start(),
        chain -> {
          chain.block(chain.tx("alice", "transfer bob 10"), chain.tx("bob", "transfer alice 20"));
          chain.block(chain.tx("alice", "transfer " + CAROL + " 5 #2"));
        });
  }

  @SafeVarargs
  private static void genesis(Map<String, Object>... accounts) {
    TestChain.builder()
        .runtime(JAR)
        .signers(Signers.fromSystemProperties())
        .genesis("accounts", List.of(accounts))
        .start()
        .close();
  }
}
