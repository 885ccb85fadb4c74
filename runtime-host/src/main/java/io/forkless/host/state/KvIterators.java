package io.forkless.host.state;

/** Helpers for {@link KvIterator}s. */
final class KvIterators {

  private KvIterators() {}

  /**
   * {@code it} advanced past every key not greater than {@code after}; an empty {@code after} is no
   * bound at all.
   */
  static KvIterator skipTo(KvIterator it, byte[] after) {
    while (it.valid() && !isAfter(it.key(), after)) {
      it.next();
    }
    return it;
  }

  /** Where a seek for keys with {@code prefix} greater than {@code after} starts. */
  static byte[] seekTarget(byte[] prefix, byte[] after) {
    return Bytes.ORDER.compare(after, prefix) > 0 ? after : prefix;
  }

  /** True when {@code key} lies past {@code after} (always, for an empty {@code after}). */
  static boolean isAfter(byte[] key, byte[] after) {
    return after.length == 0 || Bytes.ORDER.compare(key, after) > 0;
  }
}
