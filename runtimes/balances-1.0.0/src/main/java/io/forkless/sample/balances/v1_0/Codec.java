package io.forkless.sample.balances.v1_0;

import java.nio.charset.StandardCharsets;

/**
 * Byte encodings shared by the balances runtimes. See docs/state-encoding.md.
 *
 * <p>An account is an Ed25519 public key (32 bytes). Its keys in state: {@code "acct/" + hex(key)}
 * (the balance record, whose layout the runtime version defines), {@code "nonce/" + hex(key)} (the
 * next transaction's nonce, 8 bytes big-endian; absent = 0) and, when genesis named it, {@code
 * "name/" + name} holding the raw key. Names are 1 to 32 characters of {@code [a-z0-9_]}.
 */
public final class Codec {

  /** The prefix of every account record key. */
  public static final String ACCOUNT_PREFIX = "acct/";

  /** The prefix of every nonce key. */
  public static final String NONCE_PREFIX = "nonce/";

  /** The prefix of every name key. */
  public static final String NAME_PREFIX = "name/";

  /** Length of an account (a raw Ed25519 public key). */
  public static final int KEY_LENGTH = 32;

  private static final int MAX_NAME_LENGTH = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Codec() {}

  /** The state key of the account record of {@code account}. */
  public static byte[] accountKey(byte[] account) {
    return (ACCOUNT_PREFIX + hex(account)).getBytes(StandardCharsets.US_ASCII);
  }

  /** The state key of the nonce of {@code account}. */
  public static byte[] nonceKey(byte[] account) {
    return (NONCE_PREFIX + hex(account)).getBytes(StandardCharsets.US_ASCII);
  }

  /** The state key of a genesis name. */
  public static byte[] nameKey(String name) {
    return (NAME_PREFIX + name).getBytes(StandardCharsets.US_ASCII);
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

  /** Lowercase hex of {@code bytes}. */
  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** The 32 bytes of 64 lowercase hex characters, or null when {@code text} is not that. */
  public static byte[] parseKey(String text) {
    if (text.length() != KEY_LENGTH * 2) {
      return null;
    }
    byte[] out = new byte[KEY_LENGTH];
    for (int i = 0; i < out.length; i++) {
      int hi = digit(text.charAt(2 * i));
      int lo = digit(text.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
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

  /** {@code value} as 8 bytes, big-endian. */
  public static byte[] longBytes(long value) {
    byte[] out = new byte[8];
    putLong(out, 0, value);
    return out;
  }

  /**
   * Decodes a call as printable ASCII words separated by single spaces. Returns null when the bytes
   * are empty or not printable ASCII (the caller turns that into a rejection).
   */
  static String[] words(byte[] call) {
    if (call.length == 0) {
      return null;
    }
    for (byte b : call) {
      if (b < 0x20 || b > 0x7e) {
        return null;
      }
    }
    return new String(call, StandardCharsets.US_ASCII).split(" ", -1);
  }
}
