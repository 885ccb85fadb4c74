package io.forkless.host.chain;

/**
 * Limits of a {@link Mempool}.
 *
 * @param capacity how many transactions it holds at most
 * @param maxTransactionBytes largest accepted canonical encoding
 */
public record MempoolConfig(int capacity, int maxTransactionBytes) {

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
  }

  /** 10,000 transactions of at most 4 KiB. */
  public static MempoolConfig defaults() {
    return new MempoolConfig(10_000, 4096);
  }
}
