package io.forkless.host.state;

/**
 * Options of a {@link StateStore}.
 *
 * @param maxSnapshots how many snapshots are kept; taking one more prunes the oldest (at least 1)
 * @param durability whether a commit waits for the disk
 */
public record StoreOptions(int maxSnapshots, Durability durability) {

  /** How hard a commit pushes its write batch to disk. */
  public enum Durability {
    /** fsync the write-ahead log on every commit: survives power loss. */
    SYNC,
    /**
     * Leave the write-ahead log in the OS page cache: survives a killed process, may lose the last
     * blocks (never half of one) on power loss.
     */
    OS_BUFFERED
  }

  /**
   * @throws IllegalArgumentException if maxSnapshots is below 1
   */
  public StoreOptions {
    if (maxSnapshots < 1) {
      throw new IllegalArgumentException("maxSnapshots must be >= 1 but was " + maxSnapshots);
    }
  }

  /** Three snapshots, synchronous commits. */
  public static StoreOptions defaults() {
    return new StoreOptions(3, Durability.SYNC);
  }

  /** These options with another snapshot limit. */
  public StoreOptions withMaxSnapshots(int max) {
    return new StoreOptions(max, durability);
  }

  /** These options with another durability. */
  public StoreOptions withDurability(Durability d) {
    return new StoreOptions(maxSnapshots, d);
  }
}
