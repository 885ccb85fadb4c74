package io.forkless.host.governance;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Validator identities: Ed25519 keys and signatures with the JDK's provider. Thread-safe. */
public final class Ed25519 {

  /** Length of a raw public key and of a seed. */
  public static final int KEY_LENGTH = 32;

  /** Length of a signature. */
  public static final int SIGNATURE_LENGTH = 64;

  // X.509 SubjectPublicKeyInfo header for Ed25519 (RFC 8410), followed by the 32-byte raw key.
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Ed25519() {}

  /** A fresh random key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 provider", e);
    }
  }

  /** The key pair whose private key is the 32-byte {@code seed} (RFC 8032), deterministically. */
  public static KeyPair fromSeed(byte[] seed) {
    if (seed.length != KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes but was " + seed.length);
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 provider", e);
    }
  }

  /** The 32-byte raw encoding of an Ed25519 public key. */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded.length != X509_PREFIX.length + KEY_LENGTH
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  /**
   * The public key of a 32-byte raw encoding.
   *
   * @throws IllegalArgumentException if the bytes are not a valid Ed25519 public key
   */
  public static PublicKey publicKey(byte[] raw) {
    if (raw.length != KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes but was " + raw.length);
    }
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
    System.arraycopy(raw, 0, encoded, X509_PREFIX.length, KEY_LENGTH);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key", e);
    }
  }

  /** Signs {@code message}; Ed25519 signatures are deterministic. */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /** True when {@code signature} is {@code key}'s valid signature of {@code message}. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 provider", e);
    }
  }

  /** Hands the key generator exactly the seed, so the same seed always gives the same key pair. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;
    private int offset;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (offset + bytes.length > seed.length) {
        throw new IllegalStateException("Ed25519 key generation asked for more than the seed");
      }
      System.arraycopy(seed, offset, bytes, 0, bytes.length);
      offset += bytes.length;
    }
  }
}
