package io.forkless.host.state;

import java.util.Arrays;
import java.util.Comparator;

/** Unsigned byte-order helpers shared by the stores. */
final class Bytes {

  static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private Bytes() {}

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
