package io.forkless.node.cli;

import io.forkless.host.governance.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

/**
 * The balances runtimes' signed-transaction envelope (docs/state-encoding.md), as a client builds
 * it: {@code 0x01 | chain id length | chain id | public key (32) | nonce (8) | signature (64) |
 * call}, the signature covering {@code chain id length | chain id | nonce | call}.
 */
public final class AccountTransactions {

  /** The envelope's version byte. */
  public static final byte VERSION = 1;

  private AccountTransactions() {}

  /**
   * The signed envelope of {@code call} by {@code key} with {@code nonce} on chain {@code chainId}.
   *
   * @throws CliException if the chain id is not 1..64 ASCII characters or the call is not ASCII
   */
  public static byte[] sign(KeyPair key, String chainId, long nonce, String call) {
    byte[] id = chainId.getBytes(StandardCharsets.US_ASCII);
    if (id.length < 1 || id.length > 64) {
      throw new CliException("chain id must be 1..64 characters but was \"" + chainId + "\"");
    }
    if (call.isEmpty() || !call.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw new CliException("a call must be printable ASCII but was \"" + call + "\"");
    }
    byte[] callBytes = call.getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[1 + id.length + 8 + callBytes.length];
    message[0] = (byte) id.length;
    System.arraycopy(id, 0, message, 1, id.length);
    putLong(message, 1 + id.length, nonce);
    System.arraycopy(callBytes, 0, message, 1 + id.length + 8, callBytes.length);
    byte[] signature = Ed25519.sign(key.getPrivate(), message);
    byte[] publicKey = Ed25519.rawPublicKey(key.getPublic());
    byte[] out = new byte[2 + id.length + 32 + 8 + 64 + callBytes.length];
    int at = 0;
    out[at++] = VERSION;
    out[at++] = (byte) id.length;
    System.arraycopy(id, 0, out, at, id.length);
    at += id.length;
    System.arraycopy(publicKey, 0, out, at, 32);
    at += 32;
    putLong(out, at, nonce);
    at += 8;
    System.arraycopy(signature, 0, out, at, 64);
    at += 64;
    System.arraycopy(callBytes, 0, out, at, callBytes.length);
    return out;
  }

  private static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}
