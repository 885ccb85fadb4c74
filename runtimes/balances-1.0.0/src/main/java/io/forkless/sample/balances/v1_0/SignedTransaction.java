package io.forkless.sample.balances.v1_0;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A decoded signed-transaction envelope (docs/state-encoding.md):
 *
 * <pre>
 * 0x01 | chain id length (1 byte, 1..64) | chain id (ASCII) | public key (32) | nonce (8, big-endian)
 *      | signature (64) | call (printable ASCII words)
 * </pre>
 *
 * The signature is the sender's Ed25519 signature of {@link #signedMessage()}: chain id length,
 * chain id, nonce, call.
 *
 * @param chainId the chain the sender signed for
 * @param sender the sender's raw public key
 * @param nonce the sender's nonce this transaction uses
 * @param signature the Ed25519 signature
 * @param call the call bytes
 */
public record SignedTransaction(
    String chainId, byte[] sender, long nonce, byte[] signature, byte[] call) {

  /** The envelope's first byte. */
  public static final byte VERSION = 1;

  private static final int MAX_CHAIN_ID = 64;
  private static final int SIGNATURE_LENGTH = 64;

  /**
   * Decodes an envelope; returns null with no reason when it is not one (the caller rejects it as
   * malformed with {@link #malformedReason}).
   */
  public static SignedTransaction decode(byte[] tx) {
    if (malformedReason(tx) != null) {
      return null;
    }
    int idLength = tx[1];
    int at = 2;
    String chainId = new String(tx, at, idLength, StandardCharsets.US_ASCII);
    at += idLength;
    byte[] sender = Arrays.copyOfRange(tx, at, at + Codec.KEY_LENGTH);
    at += Codec.KEY_LENGTH;
    long nonce = Codec.getLong(tx, at);
    at += 8;
    byte[] signature = Arrays.copyOfRange(tx, at, at + SIGNATURE_LENGTH);
    at += SIGNATURE_LENGTH;
    return new SignedTransaction(
        chainId, sender, nonce, signature, Arrays.copyOfRange(tx, at, tx.length));
  }

  /** Why {@code tx} is not an envelope, or null when it is one. */
  public static String malformedReason(byte[] tx) {
    if (tx.length < 2 || tx[0] != VERSION) {
      return "malformed transaction: expected a signed envelope (version 0x01); see"
          + " docs/state-encoding.md";
    }
    int idLength = tx[1];
    if (idLength < 1 || idLength > MAX_CHAIN_ID) {
      return "malformed transaction: chain id length must be 1.." + MAX_CHAIN_ID;
    }
    if (tx.length <= 2 + idLength + Codec.KEY_LENGTH + 8 + SIGNATURE_LENGTH) {
      return "malformed transaction: truncated envelope or empty call";
    }
    if (tx[2 + idLength + Codec.KEY_LENGTH] < 0) {
      return "malformed transaction: nonce must be >= 0";
    }
    return null;
  }

  /** Chain id length, chain id, nonce, call: what the sender signed. */
  public byte[] signedMessage() {
    byte[] id = chainId.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[1 + id.length + 8 + call.length];
    out[0] = (byte) id.length;
    System.arraycopy(id, 0, out, 1, id.length);
    Codec.putLong(out, 1 + id.length, nonce);
    System.arraycopy(call, 0, out, 1 + id.length + 8, call.length);
    return out;
  }
}
