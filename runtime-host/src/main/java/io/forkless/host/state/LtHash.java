package io.forkless.host.state;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * LtHash (Lewi et al., 2019): a homomorphic multiset hash of the state's (key, value) entries. The
 * lattice vector is 1024 lanes of 16 bits. Adding an entry adds its element vector lane-wise modulo
 * 2^16, removing subtracts it, so the root depends only on the set of entries, never on the order
 * of writes, and updating it costs one element vector per changed entry whatever the state size.
 * The root is SHA-256 of the vector (little-endian lanes).
 *
 * <p><b>Element vector (scheme 2).</b> {@code s = SHA-256(len(key) || key || value)} (len as 4
 * bytes big-endian); the 2048 bytes are {@code AES-256-CTR(K1, iv = s[0..16]) XOR AES-256-CTR(K2,
 * iv = s[16..32])} of zeros, where K1 and K2 are fixed public keys (SHA-256 of {@code
 * "forkless/lthash/2/1"} and {@code ".../2"}). The two fixed keys are expanded once, so an element
 * costs one SHA-256 and 256 AES blocks through the JDK's AES-CTR intrinsic; scheme 1 keyed AES with
 * {@code s} itself and spent most of its time expanding a new AES key per element. Both halves of
 * {@code s} enter the vector, so two entries share a vector only if their SHA-256 digests collide
 * (docs/design.md, "State root").
 *
 * <p>Not thread-safe: each instance owns a digest and two ciphers. To hash on several cores, give
 * each thread its own instance starting from {@link #empty()} and {@link #addAll} the parts.
 */
public final class LtHash {

  /** Number of 16-bit lanes. */
  public static final int LANES = 1024;

  /** Size of the serialized vector in bytes. */
  public static final int BYTES = LANES * 2;

  private static final int WORDS = BYTES / 8;
  private static final long HIGH_BITS = 0x8000_8000_8000_8000L;
  private static final long LOW_BITS = ~HIGH_BITS;
  private static final VarHandle WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BIG_ENDIAN_WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final SecretKeySpec K1 = fixedKey("forkless/lthash/2/1");
  private static final SecretKeySpec K2 = fixedKey("forkless/lthash/2/2");

  /** Four little-endian 16-bit lanes per word. */
  private final long[] words;

  private final MessageDigest sha256;
  private final Cipher first;
  private final Cipher second;
  private final byte[] seed = new byte[32];
  private final byte[] counters = new byte[BYTES];
  private final byte[] element = new byte[BYTES];
  private final byte[] mask = new byte[BYTES];

  private LtHash(long[] words) {
    this.words = words;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      // CTR mode built from ECB over explicit counter blocks: the same bytes as AES/CTR with that
      // IV, without re-initialising a cipher per element (which the JDK makes costly).
      this.first = Cipher.getInstance("AES/ECB/NoPadding");
      this.second = Cipher.getInstance("AES/ECB/NoPadding");
      first.init(Cipher.ENCRYPT_MODE, K1);
      second.init(Cipher.ENCRYPT_MODE, K2);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256 or AES", e);
    }
  }

  private static SecretKeySpec fixedKey(String label) {
    try {
      return new SecretKeySpec(
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.US_ASCII)),
          "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** The hash of the empty state. */
  public static LtHash empty() {
    return new LtHash(new long[WORDS]);
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
    long[] words = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      words[i] = (long) WORD.get(bytes, i * 8);
    }
    return new LtHash(words);
  }

  /** An independent copy (with its own digest and ciphers). */
  public LtHash copy() {
    return new LtHash(words.clone());
  }

  /** Adds the entry {@code (key, value)} to the multiset. */
  public void add(byte[] key, byte[] value) {
    expand(key, value);
    for (int i = 0; i < WORDS; i++) {
      words[i] = plus(words[i], (long) WORD.get(element, i * 8));
    }
  }

  /** Removes the entry {@code (key, value)}; the inverse of {@link #add}. */
  public void remove(byte[] key, byte[] value) {
    expand(key, value);
    for (int i = 0; i < WORDS; i++) {
      words[i] = minus(words[i], (long) WORD.get(element, i * 8));
    }
  }

  /** Adds every entry of {@code other}'s multiset to this one (the sum of two partial hashes). */
  public void addAll(LtHash other) {
    for (int i = 0; i < WORDS; i++) {
      words[i] = plus(words[i], other.words[i]);
    }
  }

  /** The serialized vector, little-endian lanes. */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    for (int i = 0; i < WORDS; i++) {
      WORD.set(out, i * 8, words[i]);
    }
    return out;
  }

  /** The state root: SHA-256 of {@link #toBytes()}. */
  public HashCode root() {
    return Hashing.sha256().hashBytes(toBytes());
  }

  /** True when both vectors are equal. */
  public boolean sameAs(LtHash other) {
    return Arrays.equals(words, other.words);
  }

  /** Lane-wise sum modulo 2^16 of four lanes packed in a long (no carry crosses a lane). */
  private static long plus(long a, long b) {
    return ((a & LOW_BITS) + (b & LOW_BITS)) ^ ((a ^ b) & HIGH_BITS);
  }

  /** Lane-wise difference modulo 2^16: a + (2^16 - b) lane by lane. */
  private static long minus(long a, long b) {
    return ((a | HIGH_BITS) - (b & LOW_BITS)) ^ ((a ^ ~b) & HIGH_BITS);
  }

  private void expand(byte[] key, byte[] value) {
    sha256.reset();
    int n = key.length;
    sha256.update((byte) (n >>> 24));
    sha256.update((byte) (n >>> 16));
    sha256.update((byte) (n >>> 8));
    sha256.update((byte) n);
    sha256.update(key);
    sha256.update(value);
    try {
      sha256.digest(seed, 0, seed.length);
      counterBlocks(seed, 0, counters);
      first.doFinal(counters, 0, BYTES, element, 0);
      counterBlocks(seed, 16, counters);
      second.doFinal(counters, 0, BYTES, mask, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256 failed with a fixed 32-byte key", e);
    }
    for (int i = 0; i < WORDS; i++) {
      WORD.set(element, i * 8, (long) WORD.get(element, i * 8) ^ (long) WORD.get(mask, i * 8));
    }
  }

  /**
   * The CTR counter blocks {@code iv, iv + 1, ..., iv + 127} (a 128-bit big-endian counter, as NIST
   * SP 800-38A and the JDK's AES/CTR increment it), {@code iv} being {@code seed[offset .. offset +
   * 16]}.
   */
  static void counterBlocks(byte[] seed, int offset, byte[] out) {
    long high = (long) BIG_ENDIAN_WORD.get(seed, offset);
    long low = (long) BIG_ENDIAN_WORD.get(seed, offset + 8);
    for (int block = 0; block < BYTES / 16; block++) {
      long l = low + block;
      long h = Long.compareUnsigned(l, low) < 0 ? high + 1 : high;
      BIG_ENDIAN_WORD.set(out, block * 16, h);
      BIG_ENDIAN_WORD.set(out, block * 16 + 8, l);
    }
  }
}
