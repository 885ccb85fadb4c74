package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.codec.ChainCodec;
import java.util.Arrays;

/**
 * A transaction as the host sees it: a kind and opaque payload bytes.
 *
 * <p>Canonical encoding: {@code kind byte (0x01 RUNTIME, 0x02 HOST) || payload}. Its hash is
 * SHA-256 of the encoding.
 *
 * @param kind who executes it
 * @param payload the bytes handed to the runtime or the host handler (copied in and out)
 */
public record Transaction(Kind kind, byte[] payload) {

  /** Who executes a transaction. */
  public enum Kind {
    /** Executed by the active runtime. */
    RUNTIME(0x01),
    /** Executed by the host (governance) before the block's runtime transactions. */
    HOST(0x02);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    /** The encoding's first byte. */
    public int code() {
      return code;
    }
  }

  /**
   * @throws IllegalArgumentException if the payload is empty
   */
  public Transaction {
    if (payload.length == 0) {
      throw new IllegalArgumentException("a " + kind + " transaction needs a non-empty payload");
    }
    payload = payload.clone();
  }

  /** A runtime transaction. */
  public static Transaction runtime(byte[] payload) {
    return new Transaction(Kind.RUNTIME, payload);
  }

  /** A host transaction. */
  public static Transaction host(byte[] payload) {
    return new Transaction(Kind.HOST, payload);
  }

  /**
   * Parses a canonical encoding.
   *
   * @throws IllegalArgumentException naming the problem (empty, unknown kind, empty payload)
   */
  public static Transaction decode(byte[] encoded) {
    return ChainCodec.decodeTransaction(encoded);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The canonical encoding ({@link ChainCodec}). */
  public byte[] encode() {
    return ChainCodec.encode(this);
  }

  /** SHA-256 of {@link #encode()}. */
  public HashCode hash() {
    return Hashing.sha256().hashBytes(encode());
  }

  /** Size of the canonical encoding in bytes. */
  public int encodedSize() {
    return payload.length + 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && t.kind == kind && Arrays.equals(t.payload, payload);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Transaction[" + kind + ", " + payload.length + " bytes, " + hash() + "]";
  }
}
