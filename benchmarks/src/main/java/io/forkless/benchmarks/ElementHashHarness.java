package io.forkless.benchmarks;

import io.forkless.host.state.LtHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The LtHash element hash, scheme 1 (AES-256-CTR keyed by each entry's SHA-256, lanes summed one by
 * one; written out here as it was) against scheme 2 ({@link LtHash}: two fixed-key AES-256 streams
 * over explicit counter blocks, lanes summed four at a time), alternating rounds in one run. Prints
 * the median µs per added entry of each and their ratio.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.forkless.benchmarks.ElementHashHarness}
 */
public final class ElementHashHarness {

  private static final int ENTRIES = 200_000;
  private static final int ROUNDS = 11;

  public static void main(String[] args) throws GeneralSecurityException {
    double[] one = new double[ROUNDS];
    double[] two = new double[ROUNDS];
    Scheme1 old = new Scheme1();
    LtHash now = LtHash.empty();
    byte[] value = new byte[17];
    for (int round = -3; round < ROUNDS; round++) { // three warm-up rounds
      long t = System.nanoTime();
      for (int i = 0; i < ENTRIES; i++) {
        old.add(key(i), value);
      }
      long a = System.nanoTime() - t;
      t = System.nanoTime();
      for (int i = 0; i < ENTRIES; i++) {
        now.add(key(i), value);
      }
      long b = System.nanoTime() - t;
      if (round >= 0) {
        one[round] = a / 1e3 / ENTRIES;
        two[round] = b / 1e3 / ENTRIES;
      }
    }
    java.util.Arrays.sort(one);
    java.util.Arrays.sort(two);
    System.out.printf(
        "LtHash element hash + lane sum, µs per entry (median of %d rounds of %,d): scheme 1 %.2f,"
            + " scheme 2 %.2f, scheme 1 / scheme 2 = %.2f%n",
        ROUNDS, ENTRIES, one[ROUNDS / 2], two[ROUNDS / 2], one[ROUNDS / 2] / two[ROUNDS / 2]);
  }

  private static byte[] key(int i) {
    return ("acct/acc" + i).getBytes(StandardCharsets.US_ASCII);
  }

  /** Scheme 1 as the store used it before issue 16. */
  private static final class Scheme1 {
    private final char[] lanes = new char[LtHash.LANES];
    private final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    private final Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
    private final byte[] element = new byte[LtHash.BYTES];
    private final byte[] zeros = new byte[LtHash.BYTES];

    Scheme1() throws GeneralSecurityException {}

    void add(byte[] key, byte[] value) throws GeneralSecurityException {
      sha256.reset();
      int n = key.length;
      sha256.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
      sha256.update(key);
      sha256.update(value);
      aes.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(sha256.digest(), "AES"),
          new IvParameterSpec(new byte[16]));
      aes.doFinal(zeros, 0, LtHash.BYTES, element, 0);
      for (int i = 0; i < LtHash.LANES; i++) {
        lanes[i] += (char) ((element[2 * i] & 0xff) | (element[2 * i + 1] & 0xff) << 8);
      }
    }
  }
}
