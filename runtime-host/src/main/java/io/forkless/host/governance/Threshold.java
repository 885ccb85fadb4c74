package io.forkless.host.governance;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A fraction in (0, 1] held exactly (e.g. 0.667 is 667/1000), so that comparisons at a boundary
 * such as exactly two thirds never suffer floating-point error.
 */
public record Threshold(BigInteger numerator, BigInteger denominator) {

  public Threshold {
    if (denominator.signum() <= 0
        || numerator.signum() <= 0
        || numerator.compareTo(denominator) > 0) {
      throw new IllegalArgumentException(
          "threshold must be in (0, 1] but was " + numerator + "/" + denominator);
    }
  }

  /**
   * The exact value of a decimal such as {@code "0.667"} or {@code "1"}.
   *
   * @throws IllegalArgumentException if it is not a decimal in (0, 1]
   */
  public static Threshold of(BigDecimal value) {
    if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("threshold must be in (0, 1] but was " + value);
    }
    BigDecimal stripped = value.stripTrailingZeros();
    int scale = Math.max(stripped.scale(), 0);
    return new Threshold(
        stripped.movePointRight(scale).toBigIntegerExact(), BigInteger.TEN.pow(scale));
  }

  /** Same as {@link #of(BigDecimal)} for a decimal string. */
  public static Threshold parse(String text) {
    try {
      return of(new BigDecimal(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "threshold must be a decimal in (0, 1] but was " + text, e);
    }
  }

  /** An exact fraction {@code numerator / denominator}. */
  public static Threshold ofFraction(long numerator, long denominator) {
    return new Threshold(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  /** True when {@code part >= this × whole}, computed exactly. */
  public boolean isMetBy(long part, long whole) {
    return BigInteger.valueOf(part)
            .multiply(denominator)
            .compareTo(BigInteger.valueOf(whole).multiply(numerator))
        >= 0;
  }

  @Override
  public String toString() {
    try {
      return new BigDecimal(numerator).divide(new BigDecimal(denominator)).toPlainString();
    } catch (ArithmeticException e) {
      return numerator + "/" + denominator; // no finite decimal, e.g. 2/3
    }
  }
}
