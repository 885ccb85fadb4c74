package io.forkless.api;

/**
 * Read-write access to the chain's key-value state, as seen by a runtime applying a transaction or
 * by a migration. Writes go to an overlay that the host commits atomically or discards; a runtime
 * never observes partial commits.
 */
public interface State extends StateView {

  /**
   * Stores {@code value} under {@code key}, replacing any previous value. Empty values are allowed.
   */
  void put(byte[] key, byte[] value);

  /** Removes {@code key}; does nothing when it is absent. */
  void delete(byte[] key);
}
