package io.forkless.host.loader;

/**
 * Bounds on a JAR's archive, checked from its central directory before anything is inflated, and
 * again while entries are inflated (an entry that inflates past its declared size is refused), so a
 * hostile archive cannot exhaust memory or time.
 *
 * <p>{@link #defaults()} suits runtime and migration-plugin JARs: 10,000 entries, 16 MiB per entry,
 * 64 MiB in total, and a compression ratio of at most 100:1 for any entry of 64 KiB or more (tiny
 * entries compress arbitrarily well without being a bomb, so smaller entries are exempt). The file
 * itself may not be larger than {@code maxTotalUncompressedSize}: a JAR is compressed, so its file
 * is smaller than its content.
 *
 * @param maxEntries the most entries (files and directories) the central directory may list
 * @param maxEntrySize the largest uncompressed size of one entry, in bytes
 * @param maxTotalUncompressedSize the largest sum of all entries' uncompressed sizes, in bytes
 * @param maxCompressionRatio the largest uncompressed-to-compressed size ratio of one entry
 */
public record ArchiveLimits(
    int maxEntries, long maxEntrySize, long maxTotalUncompressedSize, int maxCompressionRatio) {

  /** Entries smaller than this are exempt from the compression-ratio bound. */
  static final long RATIO_EXEMPT_BELOW = 64 * 1024;

  private static final long MIB = 1024 * 1024;

  public ArchiveLimits {
    if (maxEntries < 1
        || maxEntrySize < 1
        || maxTotalUncompressedSize < 1
        || maxCompressionRatio < 1) {
      throw new IllegalArgumentException(
          "every archive limit must be at least 1, but got maxEntries="
              + maxEntries
              + ", maxEntrySize="
              + maxEntrySize
              + ", maxTotalUncompressedSize="
              + maxTotalUncompressedSize
              + ", maxCompressionRatio="
              + maxCompressionRatio);
    }
  }

  /** 10,000 entries, 16 MiB per entry, 64 MiB in total, compression ratio 100:1. */
  public static ArchiveLimits defaults() {
    return new ArchiveLimits(10_000, 16 * MIB, 64 * MIB, 100);
  }

  /** These limits with another entry count. */
  public ArchiveLimits withMaxEntries(int entries) {
    return new ArchiveLimits(entries, maxEntrySize, maxTotalUncompressedSize, maxCompressionRatio);
  }

  /** These limits with another largest entry size. */
  public ArchiveLimits withMaxEntrySize(long bytes) {
    return new ArchiveLimits(maxEntries, bytes, maxTotalUncompressedSize, maxCompressionRatio);
  }

  /** These limits with another largest total size. */
  public ArchiveLimits withMaxTotalUncompressedSize(long bytes) {
    return new ArchiveLimits(maxEntries, maxEntrySize, bytes, maxCompressionRatio);
  }
}
