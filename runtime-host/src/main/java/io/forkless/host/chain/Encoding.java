package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Big-endian reading helpers for the canonical encodings; malformed input → IAE. */
final class Encoding {

  static final int HASH_BYTES = 32;

  private final ByteBuffer buffer;
  private final String what;

  Encoding(byte[] bytes, String what) {
    this.buffer = ByteBuffer.wrap(bytes);
    this.what = what;
  }

  static void checkSha256(HashCode hash, String name) {
    if (hash.bits() != HASH_BYTES * 8) {
      throw new IllegalArgumentException(
          name + " must be a 256-bit hash but has " + hash.bits() + " bits: " + hash);
    }
  }

  int u8() {
    return guard(() -> buffer.get() & 0xff);
  }

  int i32() {
    return guard(buffer::getInt);
  }

  long i64() {
    return guard(buffer::getLong);
  }

  int length(int max) {
    int n = i32();
    if (n < 0 || n > max || n > buffer.remaining()) {
      throw new IllegalArgumentException(
          what
              + ": length "
              + n
              + " out of range (max "
              + max
              + ", "
              + buffer.remaining()
              + " left)");
    }
    return n;
  }

  byte[] bytes(int n) {
    byte[] out = new byte[n];
    guard(() -> buffer.get(out));
    return out;
  }

  HashCode hash() {
    return HashCode.fromBytes(bytes(HASH_BYTES));
  }

  String string(int maxBytes) {
    return new String(bytes(length(maxBytes)), StandardCharsets.UTF_8);
  }

  void end() {
    if (buffer.hasRemaining()) {
      throw new IllegalArgumentException(what + ": " + buffer.remaining() + " trailing bytes");
    }
  }

  private interface Read<T> {
    T get();
  }

  private <T> T guard(Read<T> read) {
    try {
      return read.get();
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(what + ": truncated", e);
    }
  }
}
