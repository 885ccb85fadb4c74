package io.forkless.host.crypto;

import io.forkless.api.HostFunctions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The host's {@link HostFunctions}, with the JDK's Ed25519 (RFC 8032, which rejects non-canonical
 * signatures) and SHA-256. Deterministic: the result depends only on the arguments; any malformed
 * input gives {@code false}, never an exception. Stateless and thread-safe.
 *
 * <p>Each call has a fixed cost in metering steps ({@link #ed25519VerifyCost}, {@link
 * #sha256Cost}); the metering layer charges it against the transaction's budget.
 */
public final class HostCrypto implements HostFunctions {

  /** The shared instance. */
  public static final HostCrypto INSTANCE = new HostCrypto();

  /** Steps charged per {@code ed25519Verify} call, before the per-message-block part. */
  public static final long ED25519_VERIFY_BASE_COST = 2_000;

  /** Steps charged per {@code sha256} call, before the per-block part. */
  public static final long SHA256_BASE_COST = 50;

  /** Steps charged per started 64-byte block of hashed or verified input. */
  public static final long SHA256_PER_BLOCK_COST = 10;

  private static final long VERIFY_PER_BLOCK_COST = 1;

  // X.509 SubjectPublicKeyInfo header for Ed25519 (RFC 8410), followed by the 32-byte raw key.
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private HostCrypto() {}

  /** The metering cost of verifying a signature over a message of {@code messageLength} bytes. */
  public static long ed25519VerifyCost(int messageLength) {
    return ED25519_VERIFY_BASE_COST + VERIFY_PER_BLOCK_COST * blocks(messageLength);
  }

  /** The metering cost of hashing {@code length} bytes. */
  public static long sha256Cost(int length) {
    return SHA256_BASE_COST + SHA256_PER_BLOCK_COST * blocks(length);
  }

  private static long blocks(int length) {
    return (length + 63L) / 64;
  }

  @Override
  public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != ED25519_PUBLIC_KEY_LENGTH
        || signature.length != ED25519_SIGNATURE_LENGTH) {
      return false;
    }
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + ED25519_PUBLIC_KEY_LENGTH);
    System.arraycopy(publicKey, 0, encoded, X509_PREFIX.length, ED25519_PUBLIC_KEY_LENGTH);
    Signature verifier;
    PublicKey key;
    try {
      verifier = Signature.getInstance("Ed25519");
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519 provider", e);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // not a point on the curve
    }
    try {
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
