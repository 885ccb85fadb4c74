package ${package}.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.testkit.Determinism;
import io.forkless.testkit.Signers;
import io.forkless.testkit.TestChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signed runtime JAR on an in-memory chain (forkless-testkit): verified, loaded and executed
 * as a node does. An integration test, so it runs after `package` has signed the JAR.
 */
class AppRuntimeIT {

  static final Path JAR = Path.of(System.getProperty("runtime.jar"));

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
      assertThat(nonce(chain, "alice")).isZero();
    }
  }

  @Test
  void aTransferMovesFundsAndCountsTheSendersNonce() {
    try (TestChain chain = chain().start()) {
      List<Receipt> receipts = chain.block("transfer alice bob 100", "transfer alice carol 1");

      assertThat(receipts).extracting(Receipt::success).containsExactly(true, true);
      assertThat(receipts.get(1).message()).isEqualTo("nonce 2");
      assertThat(nonce(chain, "alice")).isEqualTo(2);
      assertThat(nonce(chain, "bob")).isZero();
      assertThat(chain.invariants())
          .containsEntry("totalSupply", "1500")
          .containsEntry("accountCount", "3");
    }
  }

  @Test
  void refusesBadTransactionsWithAReasonAndNoWrites() {
    try (TestChain chain = chain().start()) {
      String root = chain.stateRoot();

      List<Receipt> receipts =
          chain.block(
              "transfer alice bob 5000",
              "transfer nobody bob 1",
              "transfer alice alice 1",
              "transfer alice bob -3",
              "pay alice bob 1");

      assertThat(receipts).noneMatch(Receipt::success);
      assertThat(receipts)
          .extracting(Receipt::message)
          .containsExactly(
              "insufficient funds: alice has 1000",
              "unknown sender nobody",
              "sender and recipient are the same",
              "amount must be between 1 and 999999999999999999",
              "malformed transaction: expected 'transfer FROM TO AMOUNT'");
      assertThat(chain.stateRoot()).isEqualTo(root);
    }
  }

  @Test
  void refusesAnInvalidGenesisAccount() {
    assertThatThrownBy(() -> chain().account("Not Valid", 1).start().close())
        .hasMessageContaining("invalid genesis account name 'Not Valid'");
  }

  @Test
  void isDeterministic() {
    Determinism.assertDeterministic(
        () -> chain().start(),
        chain -> {
          chain.block("transfer alice bob 10", "transfer bob dave 20");
          chain.block("transfer dave alice 5 #2");
        });
  }

  static long nonce(TestChain chain, String name) {
    byte[] record =
        chain.state().get(("acct/" + name).getBytes(StandardCharsets.US_ASCII)).orElseThrow();
    return java.nio.ByteBuffer.wrap(record).getLong(8);
  }
}
