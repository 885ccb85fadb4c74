package io.forkless.host.state;

import java.util.Optional;

/** What an overlay reads through: the committed state of a store, or a parent overlay. */
interface ReadLayer {

  Optional<byte[]> get(byte[] key);

  /** Live entries whose key starts with {@code prefix}, as of now. */
  KvIterator iterate(byte[] prefix);

  /**
   * Live entries whose key starts with {@code prefix} and is greater than {@code after}. This
   * default skips from the start of the prefix; layers that can seek override it.
   */
  default KvIterator iterateAfter(byte[] prefix, byte[] after) {
    return KvIterators.skipTo(iterate(prefix), after);
  }
}
