package io.forkless.testing;

import io.forkless.api.State;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A {@link State} held in a sorted map, for unit tests of runtimes and migrations. Keys are ordered
 * by unsigned lexicographic byte order, like the host's stores. Not thread-safe.
 */
public final class MemoryState implements State {

  private final NavigableMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

  /** A copy of this state, for comparing before and after. */
  public MemoryState copy() {
    MemoryState copy = new MemoryState();
    entries.forEach((k, v) -> copy.entries.put(k.clone(), v.clone()));
    return copy;
  }

  /** Number of keys stored. */
  public int size() {
    return entries.size();
  }

  /** True when both states hold exactly the same keys and values. */
  public boolean sameContentAs(MemoryState other) {
    if (entries.size() != other.entries.size()) {
      return false;
    }
    for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
      byte[] theirs = other.entries.get(e.getKey());
      if (theirs == null || !Arrays.equals(theirs, e.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
  }

  @Override
  public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
    // Copy the range first: the contract lets the action write to this state during the scan.
    NavigableMap<byte[], byte[]> range = new TreeMap<>(Arrays::compareUnsigned);
    range.putAll(entries.tailMap(prefix, true));
    for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
      if (!startsWith(e.getKey(), prefix)) {
        break;
      }
      action.accept(e.getKey().clone(), e.getValue().clone());
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    entries.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    entries.remove(key);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
