package io.forkless.host.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.api.TransactionValidity;
import io.forkless.host.chain.TransactionRejectedException.Reason;
import io.forkless.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mempool by sender and nonce, with a validator that reads "SENDER NONCE [TAG]" payloads
 * against a map of account nonces (as a runtime's {@code validate} would against state).
 */
class MempoolOrderingTest {

  private final Set<HashCode> included = new HashSet<>();
  private final Map<String, Long> nonces = new HashMap<>();
  private final TransactionValidator validator =
      tx -> {
        String[] w = new String(tx.payload(), StandardCharsets.US_ASCII).split(" ");
        if (w[0].startsWith("bad")) {
          return TransactionValidity.invalid("bad signature: " + w[0]);
        }
        if (tx.kind() == Transaction.Kind.HOST) {
          return TransactionValidity.unordered();
        }
        long next = nonces.getOrDefault(w[0], 0L);
        long nonce = Long.parseLong(w[1]);
        return nonce < next
            ? TransactionValidity.invalid("replayed nonce " + nonce)
            : TransactionValidity.ordered(w[0].getBytes(StandardCharsets.US_ASCII), nonce, next);
      };

  private Mempool pool(int capacity, int perSender) {
    return Mempool.create(
        new MempoolConfig(capacity, 256, perSender, capacity * 256L),
        included::contains,
        validator);
  }

  private static Transaction tx(String text) {
    return Transaction.runtime(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static Transaction host(String text) {
    return Transaction.host(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Commits {@code txs} as a block would: used nonces advance, then the pool revalidates. */
  private void commit(Mempool pool, List<Transaction> txs) {
    for (Transaction t : txs) {
      String[] w = new String(t.payload(), StandardCharsets.US_ASCII).split(" ");
      if (t.kind() == Transaction.Kind.RUNTIME) {
        nonces.merge(w[0], 1L, Long::sum);
      }
      included.add(t.hash());
    }
    pool.removeAll(txs.stream().map(Transaction::hash).toList());
    pool.revalidate();
  }

  @Test
  void keepsFutureNoncesUntilTheGapIsFilledThenIncludesThemInOrder() {
    Mempool pool = pool(100, 8);
    pool.submit(tx("alice 2"));
    pool.submit(tx("bob 0"));
    pool.submit(tx("alice 1"));

    assertThat(pool.peek(10)).containsExactly(tx("bob 0"));
    pool.submit(tx("alice 0"));
    assertThat(pool.peek(10))
        .containsExactly(tx("bob 0"), tx("alice 0"), tx("alice 1"), tx("alice 2"));
    assertThat(
            pool.nextPendingNonce(
                Transaction.Kind.RUNTIME, "alice".getBytes(StandardCharsets.US_ASCII)))
        .hasValue(3);
  }

  @Test
  void refusesInvalidTransactionsWithTheValidatorsReason() {
    Mempool pool = pool(100, 8);
    nonces.put("alice", 5L);
    assertThatThrownBy(() -> pool.submit(tx("alice 4")))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
        .hasMessage("invalid transaction: replayed nonce 4");
    assertThatThrownBy(() -> pool.submit(host("bad-vote")))
        .hasMessage("invalid transaction: bad signature: bad-vote");
    assertThat(pool.size()).isZero();
  }

  @Test
  void aSecondTransactionForAPendingNonceIsRefusedAndTheFirstKept() {
    Mempool pool = pool(100, 8);
    pool.submit(tx("alice 0 first"));
    pool.submit(tx("alice 1"));

    assertThatThrownBy(() -> pool.submit(tx("alice 0 second")))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE))
        .hasMessageContaining("nonce 0 is already taken by pending transaction")
        .hasMessageContaining(tx("alice 0 first").hash().toString())
        .hasMessageContaining("next free nonce (2)");
    assertThat(pool.peek(10)).containsExactly(tx("alice 0 first"), tx("alice 1"));
    assertThat(pool.droppedReason(tx("alice 0 first").hash()))
        .as("a client holding the first hash still finds it pending")
        .isEmpty();
    assertThat(pool.droppedCount()).isZero();
  }

  @Test
  void capsEachSenderAndHowFarAheadItsNoncesGo() {
    Mempool pool = pool(100, 3);
    pool.submit(tx("alice 0"));
    pool.submit(tx("alice 1"));
    pool.submit(tx("alice 2"));
    assertThatThrownBy(() -> pool.submit(tx("alice 3")))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SENDER_LIMIT))
        .hasMessageContaining("too far ahead");
    assertThatThrownBy(() -> pool.submit(tx("bob 7"))).hasMessageContaining("too far ahead");
    pool.submit(tx("bob 2"));
    assertThat(pool.size()).isEqualTo(4);
  }

  @Test
  void evictsTransactionsThatABlockMadeInvalid() {
    Mempool pool = pool(100, 8);
    pool.submit(tx("alice 0 a"));
    pool.submit(tx("alice 1"));
    // Another node's block used alice's nonce 0 with a different transaction.
    nonces.put("alice", 1L);
    assertThat(pool.revalidate()).isEqualTo(1);
    assertThat(pool.peek(10)).containsExactly(tx("alice 1"));
    assertThat(pool.droppedReason(tx("alice 0 a").hash()))
        .as("a client holding the hash learns why it left")
        .hasValue("no longer valid after a block: replayed nonce 0");
  }

  @Test
  void aHostTransactionGoesFirstAndEvictsTheNewestRuntimeTransactionWhenFull() {
    Mempool pool = pool(3, 8);
    pool.submit(tx("alice 0"));
    pool.submit(tx("bob 0"));
    pool.submit(tx("carol 0"));
    assertThatThrownBy(() -> pool.submit(tx("dave 0")))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MEMPOOL_FULL));

    pool.submit(host("pause"));

    assertThat(pool.peek(2)).containsExactly(host("pause"), tx("alice 0"));
    assertThat(pool.contains(tx("carol 0").hash())).as("newest runtime tx evicted").isFalse();
    assertThat(pool.droppedReason(tx("carol 0").hash()))
        .hasValueSatisfying(why -> assertThat(why).contains("evicted", "governance"));
    assertThat(pool.droppedReason(tx("dave 0").hash()))
        .as("refused at submission (the client got the error), not dropped")
        .isEmpty();
  }

  @Test
  void futureNoncesCannotCrowdOutReadyTransactionsWhenFull() {
    Mempool pool = pool(3, 8);
    pool.submit(tx("mallory 5"));
    pool.submit(tx("mallory 6"));
    pool.submit(tx("alice 0"));

    pool.submit(tx("bob 0"));

    assertThat(pool.contains(tx("mallory 6").hash())).as("newest future tx evicted").isFalse();
    assertThat(pool.peek(3)).containsExactly(tx("alice 0"), tx("bob 0"));
    // A future transaction never evicts anything, and a full pool of ready ones refuses a ready
    // one.
    assertThatThrownBy(() -> pool.submit(tx("carol 3")))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MEMPOOL_FULL));
    pool.submit(tx("dave 0"));
    assertThat(pool.contains(tx("mallory 5").hash())).isFalse();
    assertThatThrownBy(() -> pool.submit(tx("erin 0")))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MEMPOOL_FULL));
    assertThat(pool.peek(3)).containsExactly(tx("alice 0"), tx("bob 0"), tx("dave 0"));
  }

  @Test
  void aTransactionFillingTheGapMakesItsSuccessorsReady() {
    Mempool pool = pool(3, 8);
    pool.submit(tx("alice 1"));
    pool.submit(tx("bob 4"));
    pool.submit(tx("alice 0"));

    // alice 1 follows alice 0 without a gap now: only bob's future nonce may be evicted.
    pool.submit(tx("carol 0"));

    assertThat(pool.contains(tx("bob 4").hash())).isFalse();
    assertThat(pool.peek(3)).containsExactly(tx("alice 0"), tx("alice 1"), tx("carol 0"));
  }

  @Test
  void boundsItsBytes() {
    Mempool pool =
        Mempool.create(new MempoolConfig(1000, 64, 64, 200), included::contains, validator);
    for (int i = 0; i < 4; i++) {
      pool.submit(tx("alice " + i + " " + "x".repeat(40)));
    }
    assertThatThrownBy(() -> pool.submit(tx("alice 4 " + "x".repeat(40))))
        .isInstanceOfSatisfying(
            TransactionRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MEMPOOL_FULL))
        .hasMessageContaining("196 bytes");
    assertThat(pool.bytes()).isEqualTo(196);
    assertThat(pool.size()).isEqualTo(4);
  }

  /** Whatever order a sender's transactions arrive in, blocks apply them in nonce order. */
  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void anySubmissionOrderEndsWithTheSameAppliedSequence(long seed) {
    Random random = new Random(seed);
    Mempool pool = pool(1000, 64);
    List<Transaction> txs = new ArrayList<>();
    String[] senders = {"alice", "bob", "carol"};
    for (String s : senders) {
      for (int n = 0; n < 10; n++) {
        txs.add(tx(s + " " + n));
      }
    }
    List<Transaction> shuffled = new ArrayList<>(txs);
    Collections.shuffle(shuffled, random);
    Map<String, List<Long>> applied = new HashMap<>();
    int submitted = 0;
    while (submitted < shuffled.size() || pool.size() > 0) {
      int burst = 1 + random.nextInt(6);
      for (int i = 0; i < burst && submitted < shuffled.size(); i++) {
        pool.submit(shuffled.get(submitted++));
      }
      List<Transaction> block = pool.peek(1 + random.nextInt(5));
      for (Transaction t : block) {
        String[] w = new String(t.payload(), StandardCharsets.US_ASCII).split(" ");
        applied.computeIfAbsent(w[0], k -> new ArrayList<>()).add(Long.parseLong(w[1]));
      }
      commit(pool, block);
    }
    for (String s : senders) {
      assertThat(applied.get(s))
          .as(Seeds.replay(seed))
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }
  }
}
