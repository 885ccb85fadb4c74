package io.forkless.host.state;

import java.util.List;
import java.util.Map;

/** A {@link KvIterator} over an already copied, ordered list of entries. */
final class ListIterator implements KvIterator {

  private final List<Map.Entry<byte[], byte[]>> entries;
  private int index;

  ListIterator(List<Map.Entry<byte[], byte[]>> entries) {
    this.entries = entries;
  }

  @Override
  public boolean valid() {
    return index < entries.size();
  }

  @Override
  public byte[] key() {
    return entries.get(index).getKey();
  }

  @Override
  public byte[] value() {
    return entries.get(index).getValue();
  }

  @Override
  public void next() {
    index++;
  }

  @Override
  public void close() {}
}
