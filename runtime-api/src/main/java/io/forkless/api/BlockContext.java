package io.forkless.api;

/**
 * What a runtime may know about the block it executes in. The timestamp is the producer's, recorded
 * in the block header, so every node replaying the block sees the same value (runtimes may not read
 * clocks).
 *
 * @param height the block's height (genesis is 0)
 * @param timestampMillis the producer's timestamp, milliseconds since the epoch
 */
public record BlockContext(long height, long timestampMillis) {

  /**
   * @throws IllegalArgumentException if height is negative
   */
  public BlockContext {
    if (height < 0) {
      throw new IllegalArgumentException("block height must be >= 0 but was " + height);
    }
  }
}
