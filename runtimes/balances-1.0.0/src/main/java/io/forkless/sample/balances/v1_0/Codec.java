package io.forkless.sample.balances.v1_0;

import java.nio.charset.StandardCharsets;

/**
 * Byte encodings shared by the balances runtimes. See docs/state-encoding.md.
 *
 * <p>Account keys are {@code "acct/" + name} in ASCII. Names are 1 to 32 characters of {@code
 * [a-z0-9_]}.
 */
public final class Codec {

  /** The prefix of every account key. */
  public static final String ACCOUNT_PREFIX = "acct/";

  private static final int MAX_NAME_LENGTH = 32;

  private Codec() {}

  /** The state key of account {@code name}. */
  public static byte[] accountKey(String name) {
    return (ACCOUNT_PREFIX + name).getBytes(StandardCharsets.US_ASCII);
  }

  /** The account name of a key produced by {@link #accountKey}. */
  public static String accountName(byte[] key) {
    return new String(key, StandardCharsets.US_ASCII).substring(ACCOUNT_PREFIX.length());
  }

  /** True when {@code name} is 1..32 characters of [a-z0-9_]. */
  public static boolean isValidName(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Writes {@code value} big-endian into {@code out} at {@code offset}. */
  public static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  /** Reads a big-endian long from {@code in} at {@code offset}. */
  public static long getLong(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (in[offset + i] & 0xffL);
    }
    return value;
  }

  /**
   * Decodes a transaction as printable ASCII words separated by single spaces. Returns null when
   * the bytes are not printable ASCII (the caller turns that into a rejection).
   */
  static String[] words(byte[] transaction) {
    if (transaction.length == 0) {
      return null;
    }
    for (byte b : transaction) {
      if (b < 0x20 || b > 0x7e) {
        return null;
      }
    }
    String text = new String(transaction, StandardCharsets.US_ASCII);
    return text.split(" ", -1);
  }
}
