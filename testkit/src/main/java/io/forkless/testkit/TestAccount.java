package io.forkless.testkit;

import com.google.common.hash.Hashing;
import io.forkless.host.governance.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;

/**
 * An Ed25519 account for tests, and the signed-transaction envelope the sample runtimes and the
 * archetype's runtime read (docs/state-encoding.md):
 *
 * <pre>
 * 0x01 | chain id length (1 byte) | chain id (ASCII) | public key (32) | nonce (8, big-endian)
 *      | signature (64) | call
 * </pre>
 *
 * The signature covers chain id length, chain id, nonce and call, so a transaction signed for one
 * chain or nonce is worth nothing on another.
 *
 * @param name the account's name (genesis may record it)
 * @param keys its key pair
 */
public record TestAccount(String name, KeyPair keys) {

  /**
   * The dev account {@code name}: key from seed SHA-256("forkless-dev-account:" + name), the same
   * accounts a {@code forkless node --dev} has (alice, bob, charlie, dave) and {@code --key NAME}
   * signs for. Anyone can derive these keys: use them in tests and on dev chains only.
   */
  public static TestAccount dev(String name) {
    return new TestAccount(
        name,
        Ed25519.fromSeed(
            Hashing.sha256()
                .hashString("forkless-dev-account:" + name, StandardCharsets.UTF_8)
                .asBytes()));
  }

  /** The raw 32-byte public key: the account's identity. */
  public byte[] publicKey() {
    return Ed25519.rawPublicKey(keys.getPublic());
  }

  /** The public key as 64 lowercase hex characters (as genesis and the CLI write it). */
  public String publicKeyHex() {
    return HexFormat.of().formatHex(publicKey());
  }

  /** The signed envelope of {@code call} with {@code nonce} on {@code chainId}. */
  public byte[] sign(String chainId, long nonce, String call) {
    byte[] id = chainId.getBytes(StandardCharsets.US_ASCII);
    byte[] callBytes = call.getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[1 + id.length + 8 + callBytes.length];
    message[0] = (byte) id.length;
    System.arraycopy(id, 0, message, 1, id.length);
    putLong(message, 1 + id.length, nonce);
    System.arraycopy(callBytes, 0, message, 1 + id.length + 8, callBytes.length);
    byte[] signature = Ed25519.sign(keys.getPrivate(), message);

    byte[] key = publicKey();
    byte[] out = new byte[2 + id.length + key.length + 8 + signature.length + callBytes.length];
    int at = 0;
    out[at++] = 1;
    out[at++] = (byte) id.length;
    System.arraycopy(id, 0, out, at, id.length);
    at += id.length;
    System.arraycopy(key, 0, out, at, key.length);
    at += key.length;
    putLong(out, at, nonce);
    at += 8;
    System.arraycopy(signature, 0, out, at, signature.length);
    at += signature.length;
    System.arraycopy(callBytes, 0, out, at, callBytes.length);
    return out;
  }

  private static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  @Override
  public String toString() {
    return name + " (" + publicKeyHex() + ")";
  }
}
