package io.forkless.host.codec;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The canonical byte encoding of the host's consensus data (governance transactions and records,
 * the upgrade lifecycle records): big-endian fixed-width integers, booleans as one byte 0/1,
 * strings as a 4-byte length then UTF-8, hashes as 32 raw bytes. One value has exactly one
 * encoding, so signatures and state roots agree on every node.
 */
public final class Codec {

  public static final int MAX_STRING = 4096;

  private Codec() {}

  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer u8(int value) {
      out.write(value);
      return this;
    }

    public Writer bool(boolean value) {
      return u8(value ? 1 : 0);
    }

    public Writer i64(long value) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (value >>> shift));
      }
      return this;
    }

    public Writer i32(int value) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write(value >>> shift);
      }
      return this;
    }

    public Writer bytes(byte[] value) {
      out.writeBytes(value);
      return this;
    }

    public Writer string(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > MAX_STRING) {
        throw new IllegalArgumentException(
            "text is longer than " + MAX_STRING + " bytes: " + utf8.length);
      }
      return i32(utf8.length).bytes(utf8);
    }

    public Writer hash(HashCode hash) {
      if (hash.bits() != 256) {
        throw new IllegalArgumentException(
            "expected a SHA-256 hash but got " + hash.bits() + " bits");
      }
      return bytes(hash.asBytes());
    }

    public Writer version(RuntimeVersion version) {
      return i32(version.major()).i32(version.minor()).i32(version.patch());
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  public static final class Reader {
    private final byte[] in;
    private int position;

    public Reader(byte[] in) {
      this.in = in;
    }

    private void need(int count, String what) {
      if (count < 0 || in.length - position < count) {
        throw new IllegalArgumentException(
            "truncated: needed " + count + " bytes for " + what + " at offset " + position);
      }
    }

    public int u8(String what) {
      need(1, what);
      return in[position++] & 0xff;
    }

    public boolean bool(String what) {
      int value = u8(what);
      if (value > 1) {
        throw new IllegalArgumentException(what + " must be 0 or 1 but was " + value);
      }
      return value == 1;
    }

    public long i64(String what) {
      need(8, what);
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (in[position++] & 0xffL);
      }
      return value;
    }

    public int i32(String what) {
      need(4, what);
      int value = 0;
      for (int i = 0; i < 4; i++) {
        value = (value << 8) | (in[position++] & 0xff);
      }
      return value;
    }

    public byte[] bytes(int count, String what) {
      need(count, what);
      byte[] value = Arrays.copyOfRange(in, position, position + count);
      position += count;
      return value;
    }

    public String string(String what) {
      int length = i32(what);
      if (length > MAX_STRING) {
        throw new IllegalArgumentException(what + " is longer than " + MAX_STRING + " bytes");
      }
      byte[] utf8 = bytes(length, what);
      String text = new String(utf8, StandardCharsets.UTF_8);
      if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), utf8)) {
        throw new IllegalArgumentException(what + " is not valid UTF-8");
      }
      return text;
    }

    public HashCode hash(String what) {
      return HashCode.fromBytes(bytes(32, what));
    }

    public RuntimeVersion version(String what) {
      return RuntimeVersion.of(i32(what), i32(what), i32(what));
    }

    public int position() {
      return position;
    }

    public void expectEnd(String what) {
      if (position != in.length) {
        throw new IllegalArgumentException(
            (in.length - position) + " unexpected trailing bytes after " + what);
      }
    }
  }
}
