package io.forkless.host.state;

/**
 * Names one snapshot of a {@link StateStore}; sequence numbers grow with each snapshot taken.
 *
 * @param sequence the snapshot's number, unique within its store
 */
public record SnapshotId(long sequence) {

  /**
   * @throws IllegalArgumentException if sequence is negative
   */
  public SnapshotId {
    if (sequence < 0) {
      throw new IllegalArgumentException("snapshot sequence must be >= 0 but was " + sequence);
    }
  }
}
