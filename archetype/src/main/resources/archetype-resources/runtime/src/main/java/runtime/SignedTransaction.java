package ${package}.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A signed transaction, the envelope the dev chain's runtimes, the {@code forkless} CLI and
 * forkless-testkit's {@code TestAccount} write:
 *
 * <pre>
 * 0x01 | chain id length (1 byte, 1..64) | chain id (ASCII) | public key (32)
 *      | nonce (8, big-endian) | signature (64) | call (printable ASCII)
 * </pre>
 *
 * The signature is the sender's Ed25519 signature of {@link #signedMessage()}: chain id length,
 * chain id, nonce, call. So a transaction is worth nothing on another chain or with another nonce.
 *
 * @param chainId the chain the sender signed for
 * @param sender the sender's raw public key: the account
 * @param nonce the sender's nonce this transaction uses
 * @param signature the Ed25519 signature
 * @param call the call, e.g. {@code transfer bob 10}
 */
record SignedTransaction(String chainId, byte[] sender, long nonce, byte[] signature, byte[] call) {

  static final byte VERSION = 1;
  static final int MAX_CHAIN_ID = 64;
  static final int SIGNATURE_LENGTH = 64;

  /** The decoded envelope, or null when {@link #malformedReason} is not null. */
  static SignedTransaction decode(byte[] tx) {
    if (malformedReason(tx) != null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(tx);
    b.get();
    byte[] id = new byte[b.get()];
    b.get(id);
    byte[] sender = new byte[Accounts.KEY_LENGTH];
    b.get(sender);
    long nonce = b.getLong();
    byte[] signature = new byte[SIGNATURE_LENGTH];
    b.get(signature);
    byte[] call = Arrays.copyOfRange(tx, b.position(), tx.length);
    return new SignedTransaction(
        new String(id, StandardCharsets.US_ASCII), sender, nonce, signature, call);
  }

  /** Why {@code tx} is not an envelope, or null when it is one. */
  static String malformedReason(byte[] tx) {
    if (tx.length < 2 || tx[0] != VERSION) {
      return "malformed transaction: expected a signed envelope (version 0x01)";
    }
    int idLength = tx[1];
    if (idLength < 1 || idLength > MAX_CHAIN_ID) {
      return "malformed transaction: chain id length must be 1.." + MAX_CHAIN_ID;
    }
    int callAt = 2 + idLength + Accounts.KEY_LENGTH + 8 + SIGNATURE_LENGTH;
    if (tx.length <= callAt) {
      return "malformed transaction: truncated envelope or empty call";
    }
    if (tx[2 + idLength + Accounts.KEY_LENGTH] < 0) {
      return "malformed transaction: nonce must be >= 0";
    }
    for (int i = 2; i < 2 + idLength; i++) {
      if (tx[i] < 0x21 || tx[i] > 0x7e) {
        return "malformed transaction: chain id must be printable ASCII";
      }
    }
    for (int i = callAt; i < tx.length; i++) {
      if (tx[i] < 0x20 || tx[i] > 0x7e) {
        return "malformed transaction: the call must be printable ASCII";
      }
    }
    return null;
  }

  /** Chain id length, chain id, nonce, call: what the sender signed. */
  byte[] signedMessage() {
    byte[] id = chainId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + id.length + 8 + call.length)
        .put((byte) id.length)
        .put(id)
        .putLong(nonce)
        .put(call)
        .array();
  }

  /** The call as text. */
  String callText() {
    return new String(call, StandardCharsets.US_ASCII);
  }
}
