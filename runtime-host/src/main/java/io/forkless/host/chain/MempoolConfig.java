package io.forkless.host.chain;

/**
 * Limits of a {@link Mempool}. Together they bound its memory: at most {@code capacity}
 * transactions and {@code maxTotalBytes} of encodings (plus a fixed overhead per entry).
 *
 * @param capacity how many transactions it holds at most
 * @param maxTransactionBytes largest accepted canonical encoding
 * @param maxPerSender how many transactions one sender may have pending; also how far ahead of the
 *     sender's next nonce a transaction may be
 * @param maxTotalBytes the most bytes of encodings it holds
 */
public record MempoolConfig(
    int capacity, int maxTransactionBytes, int maxPerSender, long maxTotalBytes) {

  /**
   * @throws IllegalArgumentException if a limit is below 1 (or 2 bytes)
   */
  public MempoolConfig {
    if (capacity < 1) {
      throw new IllegalArgumentException("mempool capacity must be >= 1 but was " + capacity);
    }
    if (maxTransactionBytes < 2) {
      throw new IllegalArgumentException(
          "maxTransactionBytes must be >= 2 but was " + maxTransactionBytes);
    }
    if (maxPerSender < 1) {
      throw new IllegalArgumentException("maxPerSender must be >= 1 but was " + maxPerSender);
    }
    if (maxTotalBytes < maxTransactionBytes) {
      throw new IllegalArgumentException(
          "maxTotalBytes must be >= maxTransactionBytes but was " + maxTotalBytes);
    }
  }

  /** {@code capacity} transactions of at most {@code maxTransactionBytes}; 64 per sender. */
  public MempoolConfig(int capacity, int maxTransactionBytes) {
    this(capacity, maxTransactionBytes, 64, (long) capacity * maxTransactionBytes);
  }

  /** 10,000 transactions of at most 4 KiB, 64 per sender, 16 MiB in all. */
  public static MempoolConfig defaults() {
    return new MempoolConfig(10_000, 4096, 64, 16L << 20);
  }
}
