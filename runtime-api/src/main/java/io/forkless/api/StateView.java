package io.forkless.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

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

  /**
   * Visits the entries whose key starts with {@code prefix} and is strictly greater than {@code
   * after} (unsigned order), ascending, while {@code action} returns true: the way a {@link
   * SteppedMigration} resumes from its cursor and stops when its budget is used. An empty {@code
   * after} starts at the beginning of the prefix. Like {@link #scan}, the action may write to a
   * {@link State} and sees the state as it was when the scan began.
   *
   * <p>The host's views seek directly to {@code after}; this default, for other implementations
   * (test doubles), scans the whole prefix.
   */
  default void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
    boolean[] going = {true};
    scan(
        prefix,
        (key, value) -> {
          if (going[0] && (after.length == 0 || Arrays.compareUnsigned(key, after) > 0)) {
            going[0] = action.test(key, value);
          }
        });
  }
}
