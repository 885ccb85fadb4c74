package io.forkless.testing;

import java.util.stream.LongStream;

/**
 * Seeds for property tests:
 * {@code @ParameterizedTest @MethodSource("io.forkless.testing.Seeds#cases")}. Each run draws fresh
 * seeds; a failing case prints its seed through {@link #replay}, and {@code -Dforkless.seed=N}
 * reruns exactly that case.
 */
public final class Seeds {

  private static final int DEFAULT_CASES = 50;

  private Seeds() {}

  /** {@value #DEFAULT_CASES} fresh seeds, or the one given by {@code -Dforkless.seed}. */
  public static LongStream cases() {
    String fixed = System.getProperty("forkless.seed");
    if (fixed != null) {
      return LongStream.of(Long.parseLong(fixed));
    }
    long base = System.nanoTime();
    return LongStream.range(0, DEFAULT_CASES).map(i -> base + i * 0x9E3779B97F4A7C15L);
  }

  /** A description for assertion messages that says how to replay the case. */
  public static String replay(long seed) {
    return "seed=" + seed + " (replay with -Dforkless.seed=" + seed + ")";
  }
}
