package io.forkless.host.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The element hash and lane arithmetic of {@link LtHash} against a plain reference written from the
 * scheme's description, and a pinned root: a change of any root is a deliberate act (update
 * docs/design.md and this constant together).
 */
class LtHashTest {

  /** The root of {("acct/alice", 8 bytes of 1000), ("acct/bob", empty)} under scheme 2. */
  private static final String PINNED_ROOT =
      "ff2157934bca0cab36a1270cbf0aea98985d636c09c8c653baf686d7f986288d";

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void rootOfAFixedStateIsPinned() {
    LtHash hash = LtHash.empty();
    hash.add(ascii("acct/alice"), new byte[] {0, 0, 0, 0, 0, 0, 3, (byte) 0xe8});
    hash.add(ascii("acct/bob"), new byte[0]);
    assertThat(hash.root().toString()).isEqualTo(PINNED_ROOT);
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void matchesAPlainLaneByLaneReference(long seed) throws Exception {
    Random random = new Random(seed);
    LtHash hash = LtHash.empty();
    char[] reference = new char[LtHash.LANES];
    for (int i = 0; i < 1 + random.nextInt(20); i++) {
      byte[] key = new byte[random.nextInt(40)];
      byte[] value = new byte[random.nextInt(40)];
      random.nextBytes(key);
      random.nextBytes(value);
      byte[] element = referenceElement(key, value);
      boolean remove = random.nextInt(3) == 0;
      for (int lane = 0; lane < LtHash.LANES; lane++) {
        char e = (char) ((element[2 * lane] & 0xff) | (element[2 * lane + 1] & 0xff) << 8);
        reference[lane] += remove ? (char) -e : e;
      }
      if (remove) {
        hash.remove(key, value);
      } else {
        hash.add(key, value);
      }
    }
    byte[] bytes = hash.toBytes();
    for (int lane = 0; lane < LtHash.LANES; lane++) {
      char actual = (char) ((bytes[2 * lane] & 0xff) | (bytes[2 * lane + 1] & 0xff) << 8);
      assertThat(actual).as(Seeds.replay(seed) + " lane " + lane).isEqualTo(reference[lane]);
    }
    assertThat(LtHash.fromBytes(bytes).sameAs(hash)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void partialHashesAddUpToTheWhole(long seed) {
    Random random = new Random(seed);
    LtHash whole = LtHash.empty();
    LtHash left = LtHash.empty();
    LtHash right = LtHash.empty();
    for (int i = 0; i < 30; i++) {
      byte[] key = new byte[1 + random.nextInt(8)];
      random.nextBytes(key);
      byte[] value = new byte[random.nextInt(8)];
      random.nextBytes(value);
      LtHash part = random.nextBoolean() ? left : right;
      if (random.nextInt(4) == 0) {
        whole.remove(key, value);
        part.remove(key, value);
      } else {
        whole.add(key, value);
        part.add(key, value);
      }
    }
    left.addAll(right);
    assertThat(left.sameAs(whole)).as(Seeds.replay(seed)).isTrue();
    assertThat(left.root()).isEqualTo(whole.root());
  }

  @Test
  void counterBlocksCarryLikeTheJdksAesCtrAcrossA64BitBoundary() throws Exception {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, 0, 16, (byte) 0xff);
    seed[7] = 0x12;
    seed[15] = (byte) 0xf0; // the low word carries into the high word within 128 blocks
    byte[] counters = new byte[LtHash.BYTES];
    LtHash.counterBlocks(seed, 0, counters);
    byte[] key = new byte[32];
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(seed, 0, 16));
    assertThat(ecb.doFinal(counters)).isEqualTo(ctr.doFinal(new byte[LtHash.BYTES]));
    java.util.Arrays.fill(seed, (byte) 0xff); // all ones: the whole 128-bit counter wraps
    LtHash.counterBlocks(seed, 16, counters);
    ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(seed, 16, 16));
    assertThat(ecb.doFinal(counters)).isEqualTo(ctr.doFinal(new byte[LtHash.BYTES]));
  }

  @Test
  void removingWhatWasAddedGivesTheEmptyRoot() {
    LtHash hash = LtHash.empty();
    hash.add(ascii("k"), ascii("v"));
    hash.remove(ascii("k"), ascii("v"));
    assertThat(hash.root()).isEqualTo(LtHash.empty().root());
  }

  @Test
  void refusesAVectorOfTheWrongLength() {
    assertThatThrownBy(() -> LtHash.fromBytes(new byte[10]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2048 bytes but was given 10");
  }

  /** Scheme 2 written out plainly, one cipher per call. */
  private static byte[] referenceElement(byte[] key, byte[] value) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    int n = key.length;
    sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha.update(key);
    sha.update(value);
    byte[] s = sha.digest();
    byte[] a = stream("forkless/lthash/2/1", s, 0);
    byte[] b = stream("forkless/lthash/2/2", s, 16);
    for (int i = 0; i < a.length; i++) {
      a[i] ^= b[i];
    }
    return a;
  }

  private static byte[] stream(String label, byte[] iv, int offset) throws Exception {
    byte[] k = MessageDigest.getInstance("SHA-256").digest(ascii(label));
    Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(iv, offset, 16));
    return c.doFinal(new byte[LtHash.BYTES]);
  }
}
