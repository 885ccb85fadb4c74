package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.api.TransactionValidity;
import io.forkless.host.chain.TransactionRejectedException.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pending transactions, by sender and nonce, bounded in count and bytes. Thread-safe.
 *
 * <p>Admission: refuses malformed, oversized, duplicate and already-included transactions, and
 * whatever the {@link TransactionValidator} finds invalid (bad signature, wrong chain, stale nonce,
 * …), each with a {@link TransactionRejectedException} that says why. A valid transaction with a
 * sender and nonce joins that sender's queue: <em>ready</em> when its nonce is the sender's next
 * one (or follows ready ones without a gap), <em>future</em> otherwise. A second transaction for a
 * nonce already pending is refused, naming the pending one: with no fees to compare, first come is
 * first kept. A sender may hold at most {@link MempoolConfig#maxPerSender()} transactions, none
 * further ahead of its next nonce than that.
 *
 * <p>Priority: host (governance) transactions come first in every block, and when the mempool is
 * full a host transaction evicts the newest runtime transaction, so a valid emergency action gets
 * into the next block under any flood. Then ready transactions in arrival order. When full, a ready
 * transaction evicts the newest future one, so nonces far ahead never crowd out what could run.
 *
 * <p>After each block, {@link #revalidate()} evicts transactions that became invalid and moves
 * future ones to ready.
 */
public final class Mempool {

  private static final Logger log = LoggerFactory.getLogger(Mempool.class);

  private final MempoolConfig config;
  private final Predicate<HashCode> included;
  private final TransactionValidator validator;
  private final PendingTransactions pending = new PendingTransactions();
  private final TransactionOutcomes dropped = new TransactionOutcomes(10_000);
  private long nextSeq;

  private Mempool(
      MempoolConfig config, Predicate<HashCode> included, TransactionValidator validator) {
    this.config = config;
    this.included = included;
    this.validator = validator;
  }

  /** A mempool admitting every well-formed transaction unordered (tests, tools). */
  public static Mempool create(MempoolConfig config, Predicate<HashCode> alreadyIncluded) {
    return new Mempool(config, alreadyIncluded, TransactionValidator.ADMIT_ALL);
  }

  /**
   * A mempool that asks {@code alreadyIncluded} (e.g. {@code chain::transactionIncluded}) whether a
   * transaction is already in a block and {@code validator} whether it is valid now.
   */
  public static Mempool create(
      MempoolConfig config, Predicate<HashCode> alreadyIncluded, TransactionValidator validator) {
    return new Mempool(config, alreadyIncluded, validator);
  }

  /**
   * Accepts a canonically encoded transaction.
   *
   * @return its hash
   * @throws TransactionRejectedException as {@link #submit(Transaction)}, or MALFORMED
   */
  public HashCode submit(byte[] encoded) {
    if (encoded.length > config.maxTransactionBytes()) {
      throw oversized(encoded.length);
    }
    Transaction tx;
    try {
      tx = Transaction.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new TransactionRejectedException(
          Reason.MALFORMED, "malformed transaction: " + e.getMessage());
    }
    return submit(tx);
  }

  /**
   * Accepts a transaction.
   *
   * @return its hash
   * @throws TransactionRejectedException OVERSIZED, DUPLICATE, ALREADY_INCLUDED, INVALID (with the
   *     validator's reason), SENDER_LIMIT or MEMPOOL_FULL, with a message naming the problem
   */
  public HashCode submit(Transaction tx) {
    if (tx.encodedSize() > config.maxTransactionBytes()) {
      throw oversized(tx.encodedSize());
    }
    HashCode hash = tx.hash();
    if (included.test(hash)) {
      throw new TransactionRejectedException(
          Reason.ALREADY_INCLUDED, "transaction " + hash + " is already in a block");
    }
    if (contains(hash)) {
      throw duplicate(hash);
    }
    // Outside the lock: a signature check is the expensive part of admission.
    TransactionValidity validity = validator.validate(tx);
    if (!validity.valid()) {
      throw new TransactionRejectedException(
          Reason.INVALID, "invalid transaction: " + validity.reason());
    }
    synchronized (this) {
      if (pending.contains(hash)) {
        throw duplicate(hash);
      }
      PendingTransactions.Entry entry =
          new PendingTransactions.Entry(
              tx,
              hash,
              senderKey(tx, validity),
              validity.nonce(),
              nextSeq++,
              validity.accountNonce());
      if (entry.sender != null) {
        admitToSender(entry, validity.accountNonce());
      }
      makeRoomFor(entry);
      pending.insert(entry);
    }
    return hash;
  }

  private void admitToSender(PendingTransactions.Entry entry, long accountNonce) {
    PendingTransactions.SenderQueue queue = pending.queue(entry.sender);
    if (entry.nonce - accountNonce >= config.maxPerSender()) {
      throw new TransactionRejectedException(
          Reason.SENDER_LIMIT,
          "nonce "
              + entry.nonce
              + " is too far ahead of the sender's next nonce "
              + accountNonce
              + " (at most "
              + config.maxPerSender()
              + " pending per sender): send the missing nonces first");
    }
    if (queue == null) {
      return;
    }
    PendingTransactions.Entry taken = queue.byNonce.get(entry.nonce);
    if (taken != null) {
      // First come, first kept: with no fees to compare, a replacement would only let a second
      // client of the same key (a load generator, a wallet) silently discard the first one's
      // transaction, which is not stuck (its nonce runs as soon as the ones before it do).
      throw new TransactionRejectedException(
          Reason.DUPLICATE,
          "the sender's nonce "
              + entry.nonce
              + " is already taken by pending transaction "
              + taken.hash
              + ": sign this one with the sender's next free nonce ("
              + nextFree(queue, entry.nonce)
              + ")");
    } else if (queue.byNonce.size() >= config.maxPerSender()) {
      throw new TransactionRejectedException(
          Reason.SENDER_LIMIT,
          "the sender already has "
              + queue.byNonce.size()
              + " pending transactions (the limit): wait for a block");
    }
  }

  private static long nextFree(PendingTransactions.SenderQueue queue, long from) {
    long n = from;
    while (queue.byNonce.containsKey(n)) {
      n++;
    }
    return n;
  }

  private void makeRoomFor(PendingTransactions.Entry entry) {
    while (pending.size() >= config.capacity()
        || pending.bytes() + entry.tx.encodedSize() > config.maxTotalBytes()) {
      PendingTransactions.Entry victim =
          entry.isHost()
              ? pending.newestRuntimeEntry()
              : pending.isReady(entry) ? pending.newestFutureEntry() : null;
      if (victim == null) {
        throw new TransactionRejectedException(
            Reason.MEMPOOL_FULL,
            "mempool is full ("
                + pending.size()
                + " transactions, "
                + pending.bytes()
                + " bytes): retry later");
      }
      log.info(
          "mempool full: evicting {} transaction {} for a {} one",
          entry.isHost() ? "runtime" : "future-nonce",
          victim.hash,
          entry.isHost() ? "host" : "ready");
      pending.remove(victim);
      dropped.record(
          victim.hash,
          "evicted from the full mempool by a "
              + (entry.isHost() ? "governance" : "ready")
              + " transaction: submit it again");
    }
  }

  /**
   * Up to {@code max} transactions for the next block, in the order they must run: host
   * transactions first, then ready runtime transactions by arrival, each sender's in nonce order
   * without gaps. They stay pending.
   */
  public synchronized List<Transaction> peek(int max) {
    return pending.inBlockOrder(max);
  }

  /** Forgets these transactions (committed in a block). */
  public synchronized void removeAll(Collection<HashCode> hashes) {
    for (HashCode h : hashes) {
      PendingTransactions.Entry e = pending.get(h);
      if (e != null) {
        pending.remove(e);
      }
    }
  }

  /**
   * Checks pending transactions against the new committed state (after a block): evicts those that
   * became invalid (e.g. a nonce the block used, a vote on a closed proposal) and learns each
   * sender's next nonce. Checks the lowest nonce of each sender and every unordered transaction.
   *
   * @return how many were evicted
   */
  public int revalidate() {
    List<PendingTransactions.Entry> toCheck = new ArrayList<>();
    synchronized (this) {
      toCheck.addAll(pending.revalidationCandidates());
    }
    int evicted = 0;
    while (!toCheck.isEmpty()) {
      List<PendingTransactions.Entry> next = new ArrayList<>();
      for (PendingTransactions.Entry e : toCheck) {
        TransactionValidity v = validator.validate(e.tx);
        synchronized (this) {
          if (pending.get(e.hash) != e) {
            continue;
          }
          if (!v.valid()) {
            log.debug("evicting {}: {}", e.hash, v.reason());
            pending.remove(e);
            dropped.record(e.hash, "no longer valid after a block: " + v.reason());
            evicted++;
            PendingTransactions.SenderQueue q = e.sender == null ? null : pending.queue(e.sender);
            if (q != null) {
              next.add(q.byNonce.firstEntry().getValue());
            }
          } else if (e.sender != null) {
            pending.queue(e.sender).accountNonce = v.accountNonce();
          }
        }
      }
      toCheck = next;
    }
    return evicted;
  }

  /**
   * Puts transactions back at the front, in the given order (a rollback reverted their blocks).
   * Those already pending or included, and those no longer valid, are skipped; the capacity may be
   * exceeded so none is lost.
   */
  public void requeueFront(List<Transaction> transactions) {
    List<PendingTransactions.Entry> front = new ArrayList<>();
    for (Transaction tx : transactions) {
      HashCode hash = tx.hash();
      if (contains(hash) || included.test(hash)) {
        continue;
      }
      TransactionValidity v = validator.validate(tx);
      if (!v.valid()) {
        log.info("not requeueing reverted transaction {}: {}", hash, v.reason());
        continue;
      }
      front.add(
          new PendingTransactions.Entry(
              tx, hash, senderKey(tx, v), v.nonce(), 0, v.accountNonce()));
    }
    synchronized (this) {
      long seq = (pending.firstSeq()) - front.size();
      for (PendingTransactions.Entry e : front) {
        if (pending.contains(e.hash)) {
          continue;
        }
        PendingTransactions.Entry placed =
            new PendingTransactions.Entry(e.tx, e.hash, e.sender, e.nonce, seq++, e.accountNonce);
        if (placed.sender != null) {
          PendingTransactions.SenderQueue q = pending.queue(placed.sender);
          PendingTransactions.Entry same = q == null ? null : q.byNonce.get(placed.nonce);
          if (same != null) {
            pending.remove(same);
          }
        }
        pending.insert(placed);
      }
    }
  }

  /**
   * The nonce after {@code sender}'s pending transactions of {@code kind} that are ready or follow
   * its next nonce without a gap; empty when it has none pending (clients then use the nonce in
   * state).
   */
  public synchronized java.util.OptionalLong nextPendingNonce(
      Transaction.Kind kind, byte[] sender) {
    byte[] key = new byte[sender.length + 1];
    key[0] = (byte) kind.code();
    System.arraycopy(sender, 0, key, 1, sender.length);
    PendingTransactions.SenderQueue q = pending.queue(HashCode.fromBytes(key));
    if (q == null || !q.byNonce.containsKey(q.accountNonce)) {
      return java.util.OptionalLong.empty();
    }
    long next = q.accountNonce;
    while (q.byNonce.containsKey(next)) {
      next++;
    }
    return java.util.OptionalLong.of(next);
  }

  /** Number of pending transactions. */
  public synchronized int size() {
    return pending.size();
  }

  /** Bytes of the pending transactions' encodings. */
  public synchronized long bytes() {
    return pending.bytes();
  }

  /**
   * Why {@code hash} left the mempool without a block (invalid after a block, evicted), if it did
   * recently (the last 10,000 are remembered). Transactions that reached a block are not here.
   */
  public Optional<String> droppedReason(HashCode hash) {
    return dropped.reason(hash);
  }

  /** How many pending transactions left without a block since start. */
  public long droppedCount() {
    return dropped.total();
  }

  /** True when the transaction is pending. */
  public synchronized boolean contains(HashCode hash) {
    return pending.contains(hash);
  }

  /** The sender's queue key: kind and sender bytes (a validator and an account never share). */
  private static @Nullable HashCode senderKey(Transaction tx, TransactionValidity v) {
    if (!v.isOrdered()) {
      return null;
    }
    byte[] sender = v.sender();
    byte[] key = new byte[sender.length + 1];
    key[0] = (byte) tx.kind().code();
    System.arraycopy(sender, 0, key, 1, sender.length);
    return HashCode.fromBytes(key);
  }

  private static TransactionRejectedException duplicate(HashCode hash) {
    return new TransactionRejectedException(
        Reason.DUPLICATE, "transaction " + hash + " is already pending");
  }

  private TransactionRejectedException oversized(int size) {
    return new TransactionRejectedException(
        Reason.OVERSIZED,
        "transaction of " + size + " bytes exceeds the limit of " + config.maxTransactionBytes());
  }
}
