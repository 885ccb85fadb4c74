package io.forkless.host.codec;

import com.google.common.hash.HashCode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian reading of the chain encodings (blocks, headers, receipts); malformed input → IAE.
 * Lengths are checked against what is left before anything is allocated.
 */
public final class ChainReader {

  public static final int HASH_BYTES = 32;

  private final ByteBuffer buffer;
  private final String what;

  public ChainReader(byte[] bytes, String what) {
    this.buffer = ByteBuffer.wrap(bytes);
    this.what = what;
  }

  public static void checkSha256(HashCode hash, String name) {
    if (hash.bits() != HASH_BYTES * 8) {
      throw new IllegalArgumentException(
          name + " must be a 256-bit hash but has " + hash.bits() + " bits: " + hash);
    }
  }

  public int u8() {
    return guard(() -> buffer.get() & 0xff);
  }

  public int i32() {
    return guard(buffer::getInt);
  }

  public long i64() {
    return guard(buffer::getLong);
  }

  public int length(int max) {
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

  public byte[] bytes(int n) {
    byte[] out = new byte[n];
    guard(() -> buffer.get(out));
    return out;
  }

  public HashCode hash() {
    return HashCode.fromBytes(bytes(HASH_BYTES));
  }

  public String string(int maxBytes) {
    return new String(bytes(length(maxBytes)), StandardCharsets.UTF_8);
  }

  public void end() {
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
