package io.forkless.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuntimeVersionTest {

  /** Seeds for the property cases; replay one with -Dforkless.seed=N. */
  static long[] seeds() {
    String fixed = System.getProperty("forkless.seed");
    if (fixed != null) {
      return new long[] {Long.parseLong(fixed)};
    }
    long base = System.nanoTime();
    long[] seeds = new long[50];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = base + i;
    }
    return seeds;
  }

  private static RuntimeVersion randomVersion(Random random) {
    // Small parts make equal and adjacent versions common, which is where ordering bugs live.
    return RuntimeVersion.of(random.nextInt(4), random.nextInt(4), random.nextInt(4));
  }

  private static String replay(long seed) {
    return "seed=" + seed + " (replay with -Dforkless.seed=" + seed + ")";
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void parseRoundTripsToString(long seed) {
    Random random = new Random(seed);
    RuntimeVersion version =
        RuntimeVersion.of(
            random.nextInt(Integer.MAX_VALUE / 4 + 1) % 1_000_000_000,
            random.nextInt(1000),
            random.nextInt(1000));
    assertThat(RuntimeVersion.parse(version.toString())).as(replay(seed)).isEqualTo(version);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void orderingIsTotalAndConsistentWithEquals(long seed) {
    Random random = new Random(seed);
    RuntimeVersion a = randomVersion(random);
    RuntimeVersion b = randomVersion(random);
    RuntimeVersion c = randomVersion(random);
    assertThat(Integer.signum(a.compareTo(b)))
        .as(replay(seed))
        .isEqualTo(-Integer.signum(b.compareTo(a)));
    assertThat(a.compareTo(b) == 0).as(replay(seed)).isEqualTo(a.equals(b));
    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
      assertThat(a.compareTo(c)).as(replay(seed)).isLessThanOrEqualTo(0);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void canUpgradeToNeverAllowsDowngradeEqualOrSkippedMajor(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      RuntimeVersion from = randomVersion(random);
      RuntimeVersion to = randomVersion(random);
      boolean allowed = from.canUpgradeTo(to);
      if (allowed) {
        assertThat(to).as(replay(seed) + " " + from + " -> " + to).isGreaterThan(from);
        assertThat(to.major()).as(replay(seed)).isLessThanOrEqualTo(from.major() + 1);
      }
      boolean expected = to.compareTo(from) > 0 && to.major() - from.major() <= 1;
      assertThat(allowed).as(replay(seed) + " " + from + " -> " + to).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void isCompatibleIsSymmetricAndReflexive(long seed) {
    Random random = new Random(seed);
    RuntimeVersion a = randomVersion(random);
    RuntimeVersion b = randomVersion(random);
    assertThat(a.isCompatible(a)).as(replay(seed)).isTrue();
    assertThat(a.isCompatible(b)).as(replay(seed)).isEqualTo(b.isCompatible(a));
    assertThat(a.isCompatible(b)).as(replay(seed)).isEqualTo(a.major() == b.major());
  }

  @Test
  void seedExamplesHold() {
    RuntimeVersion v10 = RuntimeVersion.of(1, 0, 0);
    RuntimeVersion v11 = RuntimeVersion.of(1, 1, 0);
    assertThat(v11.isCompatible(v10)).isTrue();
    assertThat(v10.canUpgradeTo(v11)).isTrue();
    assertThat(v10.canUpgradeTo(RuntimeVersion.of(2, 0, 0))).isTrue();
    assertThat(v10.canUpgradeTo(RuntimeVersion.of(3, 0, 0))).isFalse();
    assertThat(v11.canUpgradeTo(v10)).isFalse();
    assertThat(v10.canUpgradeTo(v10)).isFalse();
    assertThat(v10.isCompatible(RuntimeVersion.of(2, 0, 0))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "1.2",
        "1.2.3.4",
        "a.b.c",
        "1.-2.3",
        "+1.2.3",
        "01.2.3",
        " 1.2.3",
        "1..3",
        "1.2.",
        "9999999999.0.0"
      })
  void rejectsMalformedTextQuotingIt(String text) {
    assertThatThrownBy(() -> RuntimeVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void rejectsNegativePartsNamingThem() {
    assertThatThrownBy(() -> RuntimeVersion.of(1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.-1.0");
  }
}
