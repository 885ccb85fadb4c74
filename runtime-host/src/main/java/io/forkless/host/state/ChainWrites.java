package io.forkless.host.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Records (blocks, receipts, indexes, head pointer) that the chain layer writes in the same atomic
 * batch as a block's state changes. The store treats keys and values as opaque bytes in a column of
 * their own. Not thread-safe.
 */
public final class ChainWrites {

  private final List<Map.Entry<byte[], byte[]>> puts = new ArrayList<>();

  /** Adds a put to the batch; the arrays are copied. */
  public ChainWrites put(byte[] key, byte[] value) {
    puts.add(Map.entry(key.clone(), value.clone()));
    return this;
  }

  /** Calls {@code action} for every put, in order (copies). */
  public void forEachPut(java.util.function.BiConsumer<byte[], byte[]> action) {
    puts.forEach(e -> action.accept(e.getKey().clone(), e.getValue().clone()));
  }

  List<Map.Entry<byte[], byte[]>> puts() {
    return Collections.unmodifiableList(puts);
  }
}
