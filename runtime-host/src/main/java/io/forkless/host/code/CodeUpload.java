package io.forkless.host.code;

import com.google.common.hash.HashCode;
import io.forkless.host.codec.Codec;
import java.util.Arrays;

/**
 * One chunk of code for the hash an open proposal names: the payload of a host transaction. Anyone
 * may send one (the bytes prove themselves against the hash); chunks must arrive in order.
 *
 * <p>Encoding: {@code 0x10}, code hash (32), declared total size (8), offset (8), nonce (8), chunk
 * length (4), chunk bytes. The first byte keeps it apart from governance actions (1–3). The nonce
 * only makes a resent chunk a new transaction (the chain refuses a transaction hash it has seen).
 *
 * @param codeHash the SHA-256 of the whole JAR
 * @param declaredSize the whole JAR's size in bytes
 * @param offset where this chunk starts in the JAR
 * @param nonce any number the sender chooses
 * @param bytes the chunk (copied in and out)
 */
public record CodeUpload(
    HashCode codeHash, long declaredSize, long offset, long nonce, byte[] bytes) {

  /** The first byte of every code upload payload. */
  public static final int KIND = 0x10;

  /** Bytes of an encoding besides the chunk itself. */
  public static final int OVERHEAD = 1 + 32 + 8 + 8 + 8 + 4;

  /**
   * @throws IllegalArgumentException for a hash that is not SHA-256, an empty chunk, or a negative
   *     size or offset
   */
  public CodeUpload {
    if (codeHash.bits() != 256) {
      throw new IllegalArgumentException(
          "code hash must be SHA-256 (32 bytes) but was " + codeHash.bits() / 8 + " bytes");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a code chunk must not be empty");
    }
    if (declaredSize < 1 || offset < 0) {
      throw new IllegalArgumentException(
          "declared size must be >= 1 and offset >= 0 but were " + declaredSize + ", " + offset);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The chunk's length without copying it. */
  public int length() {
    return bytes.length;
  }

  /** True when {@code payload} is meant as a code upload (its first byte is {@link #KIND}). */
  public static boolean isCodeUpload(byte[] payload) {
    return payload.length > 0 && (payload[0] & 0xff) == KIND;
  }

  /** The canonical encoding: a host transaction's payload. */
  public byte[] encode() {
    return new Codec.Writer()
        .u8(KIND)
        .hash(codeHash)
        .i64(declaredSize)
        .i64(offset)
        .i64(nonce)
        .i32(bytes.length)
        .bytes(bytes)
        .toByteArray();
  }

  /**
   * @throws IllegalArgumentException saying what is malformed
   */
  public static CodeUpload decode(byte[] payload) {
    Codec.Reader r = new Codec.Reader(payload);
    int kind = r.u8("upload kind");
    if (kind != KIND) {
      throw new IllegalArgumentException("not a code upload (kind " + kind + ")");
    }
    HashCode hash = r.hash("code hash");
    long size = r.i64("declared size");
    long offset = r.i64("offset");
    long nonce = r.i64("nonce");
    int length = r.i32("chunk length");
    byte[] bytes = r.bytes(length, "chunk");
    r.expectEnd("the chunk");
    return new CodeUpload(hash, size, offset, nonce, bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodeUpload u
        && u.codeHash.equals(codeHash)
        && u.declaredSize == declaredSize
        && u.offset == offset
        && u.nonce == nonce
        && Arrays.equals(u.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return codeHash.hashCode() * 31 + Long.hashCode(offset);
  }

  @Override
  public String toString() {
    return "CodeUpload["
        + codeHash
        + ", bytes "
        + offset
        + ".."
        + (offset + bytes.length)
        + " of "
        + declaredSize
        + "]";
  }
}
