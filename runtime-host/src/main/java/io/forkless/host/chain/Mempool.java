package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.host.chain.TransactionRejectedException.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * Pending transactions in arrival order, bounded. Refuses malformed, oversized and duplicate
 * transactions (also those already in a block) with a {@link TransactionRejectedException} that
 * says why. Thread-safe.
 */
public final class Mempool {

  private final MempoolConfig config;
  private final Predicate<HashCode> included;
  private final LinkedHashMap<HashCode, Transaction> pending = new LinkedHashMap<>();

  private Mempool(MempoolConfig config, Predicate<HashCode> included) {
    this.config = config;
    this.included = included;
  }

  /**
   * A mempool that asks {@code alreadyIncluded} (e.g. {@code chain::transactionIncluded}) whether a
   * transaction is already in a block.
   */
  public static Mempool create(MempoolConfig config, Predicate<HashCode> alreadyIncluded) {
    return new Mempool(config, alreadyIncluded);
  }

  /**
   * Accepts a canonically encoded transaction.
   *
   * @return its hash
   * @throws TransactionRejectedException MALFORMED, OVERSIZED, DUPLICATE, ALREADY_INCLUDED or
   *     MEMPOOL_FULL, with a message naming the problem
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
   * @throws TransactionRejectedException as {@link #submit(byte[])}
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
    synchronized (pending) {
      if (pending.containsKey(hash)) {
        throw new TransactionRejectedException(
            Reason.DUPLICATE, "transaction " + hash + " is already pending");
      }
      if (pending.size() >= config.capacity()) {
        throw new TransactionRejectedException(
            Reason.MEMPOOL_FULL,
            "mempool is full (" + config.capacity() + " transactions): retry later");
      }
      pending.put(hash, tx);
    }
    return hash;
  }

  /** Up to {@code max} pending transactions, oldest first; they stay pending. */
  public List<Transaction> peek(int max) {
    synchronized (pending) {
      return pending.values().stream().limit(max).toList();
    }
  }

  /** Forgets these transactions (committed in a block). */
  public void removeAll(Collection<HashCode> hashes) {
    synchronized (pending) {
      hashes.forEach(pending::remove);
    }
  }

  /**
   * Puts transactions back at the front, in the given order (a rollback reverted their blocks).
   * Those already pending or included are skipped; the capacity may be exceeded so none is lost.
   */
  public void requeueFront(List<Transaction> transactions) {
    synchronized (pending) {
      LinkedHashMap<HashCode, Transaction> front = new LinkedHashMap<>();
      for (Transaction tx : transactions) {
        HashCode hash = tx.hash();
        if (!pending.containsKey(hash) && !included.test(hash)) {
          front.putIfAbsent(hash, tx);
        }
      }
      List<Transaction> rest = new ArrayList<>(pending.values());
      pending.clear();
      pending.putAll(front);
      rest.forEach(tx -> pending.put(tx.hash(), tx));
    }
  }

  /** Number of pending transactions. */
  public int size() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /** True when the transaction is pending. */
  public boolean contains(HashCode hash) {
    synchronized (pending) {
      return pending.containsKey(hash);
    }
  }

  private TransactionRejectedException oversized(int size) {
    return new TransactionRejectedException(
        Reason.OVERSIZED,
        "transaction of " + size + " bytes exceeds the limit of " + config.maxTransactionBytes());
  }
}
