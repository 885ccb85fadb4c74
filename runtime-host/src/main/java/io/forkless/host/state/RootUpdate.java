package io.forkless.host.state;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The committed LtHash updated with a batch of writes: for each written key, remove the committed
 * entry and add the new one (nothing when the value is unchanged). LtHash is a sum, so large
 * batches are cut into slices hashed on every core, each into its own partial vector, and the
 * partial vectors are added up: the result is identical to hashing in order on one thread. Each
 * key's committed value is read once, in its slice.
 */
final class RootUpdate {

  /** Below this many writes one thread is faster than handing slices to others. */
  static final int PARALLEL_THRESHOLD = 4_096;

  /** Writes per slice: large enough to amortize a batched read, small enough to balance cores. */
  private static final int SLICE = 8_192;

  private RootUpdate() {}

  /**
   * @param committed the store's committed hash (not modified)
   * @param keys written keys
   * @param values their new values, null for a deletion
   * @param readCommitted reads the committed values of a list of keys (null when absent), in order;
   *     called concurrently from several threads for large batches
   */
  static LtHash apply(
      LtHash committed,
      List<byte[]> keys,
      List<byte @Nullable []> values,
      Function<List<byte[]>, List<byte @Nullable []>> readCommitted) {
    LtHash next = committed.copy();
    int n = keys.size();
    if (n < PARALLEL_THRESHOLD) {
      hashSlice(next, keys, values, readCommitted, 0, n);
      return next;
    }
    int slices = (n + SLICE - 1) / SLICE;
    LtHash delta =
        IntStream.range(0, slices)
            .parallel()
            .mapToObj(
                s -> {
                  LtHash part = LtHash.empty();
                  hashSlice(
                      part, keys, values, readCommitted, s * SLICE, Math.min(n, (s + 1) * SLICE));
                  return part;
                })
            .reduce(
                (a, b) -> {
                  a.addAll(b);
                  return a;
                })
            .orElseThrow();
    next.addAll(delta);
    return next;
  }

  private static void hashSlice(
      LtHash into,
      List<byte[]> keys,
      List<byte @Nullable []> values,
      Function<List<byte[]>, List<byte @Nullable []>> readCommitted,
      int from,
      int to) {
    List<byte @Nullable []> olds = readCommitted.apply(keys.subList(from, to));
    for (int i = from; i < to; i++) {
      byte[] key = keys.get(i);
      byte[] old = olds.get(i - from);
      byte[] value = values.get(i);
      if (old != null && value != null && Arrays.equals(old, value)) {
        continue;
      }
      if (old != null) {
        into.remove(key, old);
      }
      if (value != null) {
        into.add(key, value);
      }
    }
  }
}
