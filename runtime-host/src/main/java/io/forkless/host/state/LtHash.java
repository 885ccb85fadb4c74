package io.forkless.host.state;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * LtHash (Lewi et al., 2019): a homomorphic multiset hash of the state's (key, value) entries. The
 * lattice vector is 1024 lanes of 16 bits; each entry maps to a vector derived with AES-256-CTR
 * keyed by {@code SHA-256(len(key) || key || value)} (the JDK has no SHAKE, and AES-CTR is hardware
 * accelerated). Adding an entry adds its vector lane-wise modulo 2^16, removing subtracts it, so
 * the root depends only on the set of entries, never on the order of writes, and updating it costs
 * one vector per changed entry whatever the state size. The root is SHA-256 of the vector
 * (little-endian lanes).
 *
 * <p>Not thread-safe: each instance owns a digest and a cipher.
 */
public final class LtHash {

  /** Number of 16-bit lanes. */
  public static final int LANES = 1024;

  /** Size of the serialized vector in bytes. */
  public static final int BYTES = LANES * 2;

  private static final byte[] ZEROS = new byte[BYTES];
  private static final IvParameterSpec IV = new IvParameterSpec(new byte[16]);

  private final char[] lanes;
  private final MessageDigest sha256;
  private final Cipher aes;
  private final byte[] element = new byte[BYTES];

  private LtHash(char[] lanes) {
    this.lanes = lanes;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      this.aes = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256 or AES/CTR", e);
    }
  }

  /** The hash of the empty state. */
  public static LtHash empty() {
    return new LtHash(new char[LANES]);
  }

  /**
   * A vector previously written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not {@value #BYTES} bytes long
   */
  public static LtHash fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException(
          "an LtHash vector has " + BYTES + " bytes but was given " + bytes.length);
    }
    char[] lanes = new char[LANES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().get(lanes);
    return new LtHash(lanes);
  }

  /** An independent copy (with its own digest and cipher). */
  public LtHash copy() {
    return new LtHash(lanes.clone());
  }

  /** Adds the entry {@code (key, value)} to the multiset. */
  public void add(byte[] key, byte[] value) {
    expand(key, value);
    for (int i = 0; i < LANES; i++) {
      lanes[i] += (char) ((element[2 * i] & 0xff) | (element[2 * i + 1] & 0xff) << 8);
    }
  }

  /** Removes the entry {@code (key, value)}; the inverse of {@link #add}. */
  public void remove(byte[] key, byte[] value) {
    expand(key, value);
    for (int i = 0; i < LANES; i++) {
      lanes[i] -= (char) ((element[2 * i] & 0xff) | (element[2 * i + 1] & 0xff) << 8);
    }
  }

  /** The serialized vector, little-endian lanes. */
  public byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asCharBuffer().put(lanes);
    return buffer.array();
  }

  /** The state root: SHA-256 of {@link #toBytes()}. */
  public HashCode root() {
    return Hashing.sha256().hashBytes(toBytes());
  }

  /** True when both vectors are equal. */
  public boolean sameAs(LtHash other) {
    return Arrays.equals(lanes, other.lanes);
  }

  private void expand(byte[] key, byte[] value) {
    sha256.reset();
    int n = key.length;
    sha256.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha256.update(key);
    sha256.update(value);
    byte[] seed = sha256.digest();
    try {
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), IV);
      aes.doFinal(ZEROS, 0, BYTES, element, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR failed on a 32-byte key", e);
    }
  }
}
