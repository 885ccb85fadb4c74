package io.forkless.host.chain;

import static io.forkless.host.chain.TestChains.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.host.chain.TransactionRejectedException.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MempoolTest {

  private final Set<HashCode> included = new HashSet<>();
  private final Mempool mempool = Mempool.create(new MempoolConfig(3, 64), included::contains);

  @Test
  void keepsArrivalOrder() {
    mempool.submit(tx("set c 1"));
    mempool.submit(tx("set a 1"));
    mempool.submit(tx("set b 1").encode());

    assertThat(mempool.peek(2)).containsExactly(tx("set c 1"), tx("set a 1"));
    assertThat(mempool.peek(10)).containsExactly(tx("set c 1"), tx("set a 1"), tx("set b 1"));
  }

  @Test
  void refusesADuplicate() {
    mempool.submit(tx("set a 1"));

    assertRejected(() -> mempool.submit(tx("set a 1")), Reason.DUPLICATE, "already pending");
    assertThat(mempool.size()).isEqualTo(1);
  }

  @Test
  void refusesATransactionAlreadyInABlock() {
    included.add(tx("set a 1").hash());

    assertRejected(
        () -> mempool.submit(tx("set a 1")), Reason.ALREADY_INCLUDED, "already in a block");
  }

  @Test
  void refusesAnOversizedTransaction() {
    byte[] big = new byte[65];
    big[0] = 0x01;

    assertRejected(() -> mempool.submit(big), Reason.OVERSIZED, "65 bytes exceeds the limit of 64");
    assertRejected(
        () -> mempool.submit(Transaction.runtime(new byte[64])), Reason.OVERSIZED, "limit of 64");
  }

  @Test
  void refusesMalformedBytes() {
    assertRejected(() -> mempool.submit(new byte[0]), Reason.MALFORMED, "empty transaction");
    assertRejected(
        () -> mempool.submit(new byte[] {0x07, 'x'}),
        Reason.MALFORMED,
        "unknown transaction kind 0x07");
    assertRejected(() -> mempool.submit(new byte[] {0x01}), Reason.MALFORMED, "non-empty payload");
    assertThat(mempool.size()).isZero();
  }

  @Test
  void refusesTransactionsBeyondItsCapacity() {
    mempool.submit(tx("set a 1"));
    mempool.submit(tx("set b 1"));
    mempool.submit(tx("set c 1"));

    assertRejected(() -> mempool.submit(tx("set d 1")), Reason.MEMPOOL_FULL, "mempool is full (3");
  }

  @Test
  void forgetsCommittedTransactions() {
    mempool.submit(tx("set a 1"));
    mempool.submit(tx("set b 1"));
    mempool.removeAll(List.of(tx("set a 1").hash()));

    assertThat(mempool.peek(10)).containsExactly(tx("set b 1"));
    assertThat(mempool.contains(tx("set a 1").hash())).isFalse();
  }

  @Test
  void requeuesRevertedTransactionsAtTheFrontInTheirOrderSkippingKnownOnes() {
    mempool.submit(tx("set new 1"));
    mempool.submit(tx("set b 1"));
    included.add(tx("set x 1").hash());

    mempool.requeueFront(List.of(tx("set a 1"), tx("set b 1"), tx("set x 1"), tx("set c 1")));

    // Beyond capacity on purpose: a rollback loses no transaction.
    assertThat(mempool.peek(10))
        .containsExactly(tx("set a 1"), tx("set c 1"), tx("set new 1"), tx("set b 1"));
  }

  private static void assertRejected(Runnable submit, Reason reason, String message) {
    assertThatThrownBy(submit::run)
        .isInstanceOfSatisfying(
            TransactionRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
