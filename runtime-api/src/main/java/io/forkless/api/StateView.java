package io.forkless.api;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Read-only access to the chain's key-value state. Keys and values are raw bytes; keys are ordered
 * by unsigned lexicographic byte order, so every node iterates in the same order.
 *
 * <p>Arrays passed in are not retained; arrays returned are the caller's to keep. Implementations
 * are not thread-safe: the host gives each block (or migration) its own view on one thread.
 */
public interface StateView {

  /** The value stored under {@code key}, or empty when the key is absent. */
  Optional<byte[]> get(byte[] key);

  /**
   * Visits every entry whose key starts with {@code prefix}, in ascending unsigned key order. An
   * empty prefix visits the whole state. When this view is a {@link State}, the action may write to
   * it: the scan sees the state as it was when the scan began.
   */
  void scan(byte[] prefix, BiConsumer<byte[], byte[]> action);
}
