package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most recent transactions that left a node without reaching a block (evicted or replaced in
 * the mempool, refused when a validator network applied them), with why, so that a client holding a
 * hash always learns its fate. Bounded (the oldest are forgotten first); thread-safe.
 */
public final class TransactionOutcomes {

  private final Map<HashCode, String> reasons;
  private final AtomicLong total = new AtomicLong();

  /** Remembers the last {@code capacity} transactions. */
  public TransactionOutcomes(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
    }
    this.reasons =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<HashCode, String> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records that {@code hash} left without a block, and why. */
  public synchronized void record(HashCode hash, String reason) {
    reasons.put(hash, reason);
    total.incrementAndGet();
  }

  /** Why {@code hash} left, if it is among the remembered ones. */
  public synchronized Optional<String> reason(HashCode hash) {
    return Optional.ofNullable(reasons.get(hash));
  }

  /** How many were recorded since start (remembered or not). */
  public long total() {
    return total.get();
  }
}
