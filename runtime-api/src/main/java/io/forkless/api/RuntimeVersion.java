package io.forkless.api;

/**
 * A runtime's semantic version. Immutable, totally ordered by (major, minor, patch).
 *
 * <p>Upgrade rules: {@link #isCompatible} means the same major version (the state layout and
 * transaction encoding of the older version still work); {@link #canUpgradeTo} allows only a
 * strictly newer version that skips no major version.
 */
public record RuntimeVersion(int major, int minor, int patch)
    implements Comparable<RuntimeVersion> {

  /**
   * @throws IllegalArgumentException if any part is negative; the message quotes the parts
   */
  public RuntimeVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "version parts must be non-negative but were " + major + "." + minor + "." + patch);
    }
  }

  /**
   * Same as the canonical constructor; reads like the seed's {@code RuntimeVersion::new(1, 0, 0)}.
   */
  public static RuntimeVersion of(int major, int minor, int patch) {
    return new RuntimeVersion(major, minor, patch);
  }

  /**
   * Parses {@code "MAJOR.MINOR.PATCH"}, three decimal numbers without signs, leading zeros or
   * spaces. {@code parse(v.toString())} equals {@code v}.
   *
   * @throws IllegalArgumentException naming the input in quotes when it is not of that form
   */
  public static RuntimeVersion parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "runtime version must be MAJOR.MINOR.PATCH but was \"" + text + "\"");
    }
    int[] numbers = new int[3];
    for (int i = 0; i < 3; i++) {
      numbers[i] = parsePart(parts[i], text);
    }
    return new RuntimeVersion(numbers[0], numbers[1], numbers[2]);
  }

  private static int parsePart(String part, String whole) {
    boolean digitsOnly = !part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9');
    boolean leadingZero = part.length() > 1 && part.charAt(0) == '0';
    if (!digitsOnly || leadingZero || part.length() > 9) {
      throw new IllegalArgumentException(
          "runtime version must be MAJOR.MINOR.PATCH with non-negative decimal parts (no sign,"
              + " no leading zero, at most 9 digits) but was \""
              + whole
              + "\"");
    }
    return Integer.parseInt(part);
  }

  /** True when both versions have the same major version. Symmetric and reflexive. */
  public boolean isCompatible(RuntimeVersion other) {
    return major == other.major;
  }

  /**
   * True when {@code target} is strictly newer than this version and does not skip a major version
   * ({@code target.major() <= major() + 1}).
   */
  public boolean canUpgradeTo(RuntimeVersion target) {
    return target.compareTo(this) > 0 && target.major <= major + 1;
  }

  @Override
  public int compareTo(RuntimeVersion other) {
    int byMajor = Integer.compare(major, other.major);
    if (byMajor != 0) {
      return byMajor;
    }
    int byMinor = Integer.compare(minor, other.minor);
    return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
