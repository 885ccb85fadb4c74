package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The archive-shape check: parses a ZIP's end-of-central-directory record, central directory and
 * local headers straight from the bytes, before any JAR API sees them (APPNOTE.TXT sections 4.3.7,
 * 4.3.12, 4.3.16). Besides names and limits it requires the local entries to be contiguous from
 * offset 0 up to the central directory, so a streaming reader ({@code JarInputStream}) sees exactly
 * the entries the central directory lists, in the same order, with the same names.
 */
final class ArchiveShape {

  /** One central-directory entry. */
  record Entry(String name, int method, long compressedSize, long size, long localOffset) {
    boolean isDirectory() {
      return name.endsWith("/");
    }
  }

  /**
   * The parsed central directory, the manifest's bytes (inflated with a bound) if there is one, and
   * every problem found; {@code entries} is only complete when {@code problems} is empty.
   */
  record Result(
      ImmutableList<Entry> entries, Optional<byte[]> manifest, ImmutableList<String> problems) {
    boolean passed() {
      return problems.isEmpty();
    }
  }

  static final String MANIFEST = "META-INF/MANIFEST.MF";

  private static final long EOCD_SIG = 0x06054b50L;
  private static final long CEN_SIG = 0x02014b50L;
  private static final long LOC_SIG = 0x04034b50L;
  private static final long EXT_SIG = 0x08074b50L;
  private static final int EOCD_LEN = 22;
  private static final int CEN_LEN = 46;
  private static final int LOC_LEN = 30;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int FLAG_ENCRYPTED = 1;
  private static final int FLAG_DESCRIPTOR = 8;
  private static final List<String> ARCHIVE_SUFFIXES =
      List.of(".jar", ".zip", ".war", ".ear", ".jmod", ".rar");

  private final byte[] zip;
  private final ArchiveLimits limits;
  private final List<String> problems = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();
  private final List<byte[]> rawNames = new ArrayList<>();
  private final List<Integer> flags = new ArrayList<>();
  private final List<Long> crcs = new ArrayList<>();
  private byte @Nullable [] manifest;

  private ArchiveShape(byte[] zip, ArchiveLimits limits) {
    this.zip = zip;
    this.limits = limits;
  }

  static Result check(byte[] zip, ArchiveLimits limits) {
    ArchiveShape shape = new ArchiveShape(zip, limits);
    shape.run();
    return new Result(
        ImmutableList.copyOf(shape.entries),
        Optional.ofNullable(shape.manifest),
        ImmutableList.copyOf(shape.problems));
  }

  private void run() {
    if (zip.length == 0) {
      problems.add("the file is empty (0 bytes): not a JAR");
      return;
    }
    if (zip.length > limits.maxTotalUncompressedSize()) {
      problems.add(
          "the file is "
              + zip.length
              + " bytes, more than the limit of "
              + limits.maxTotalUncompressedSize()
              + " bytes (ArchiveLimits.maxTotalUncompressedSize)");
      return;
    }
    int eocd = findEndOfCentralDirectory();
    if (eocd < 0) {
      problems.add(
          "not a ZIP archive: no end-of-central-directory record (the file is corrupt or"
              + " truncated)");
      return;
    }
    int count = u16(eocd + 10);
    long cdSize = u32(eocd + 12);
    long cdOffset = u32(eocd + 16);
    if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
      problems.add("ZIP64 archives are not supported: a runtime JAR is far below 4 GiB");
      return;
    }
    if (u16(eocd + 4) != 0 || u16(eocd + 6) != 0 || u16(eocd + 8) != count) {
      problems.add("multi-volume ZIP archives are not supported");
      return;
    }
    if (count == 0) {
      problems.add("the archive has no entries: an empty JAR");
      return;
    }
    if (count > limits.maxEntries()) {
      problems.add(
          "the archive has "
              + count
              + " entries, more than the limit of "
              + limits.maxEntries()
              + " (ArchiveLimits.maxEntries)");
      return;
    }
    if (cdOffset + cdSize != eocd) {
      problems.add(
          "corrupt archive: the central directory (offset "
              + cdOffset
              + ", "
              + cdSize
              + " bytes) does not end where the end-of-central-directory record starts ("
              + eocd
              + ")");
      return;
    }
    if (readCentralDirectory((int) cdOffset, count, eocd)) {
      checkEntries();
      checkLocalHeaders(cdOffset);
    }
  }

  /** The EOCD whose comment ends exactly at the end of the file; -1 if none. */
  private int findEndOfCentralDirectory() {
    int lowest = Math.max(0, zip.length - EOCD_LEN - 0xFFFF);
    for (int p = zip.length - EOCD_LEN; p >= lowest; p--) {
      if (u32(p) == EOCD_SIG && p + EOCD_LEN + u16(p + 20) == zip.length) {
        return p;
      }
    }
    return -1;
  }

  private boolean readCentralDirectory(int offset, int count, int end) {
    int pos = offset;
    for (int i = 0; i < count; i++) {
      if (pos + CEN_LEN > end || u32(pos) != CEN_SIG) {
        problems.add("corrupt archive: central directory entry #" + i + " at offset " + pos);
        return false;
      }
      int nameLength = u16(pos + 28);
      int next = pos + CEN_LEN + nameLength + u16(pos + 30) + u16(pos + 32);
      if (next > end) {
        problems.add("corrupt archive: central directory entry #" + i + " runs past its end");
        return false;
      }
      byte[] rawName = Arrays.copyOfRange(zip, pos + CEN_LEN, pos + CEN_LEN + nameLength);
      entries.add(
          new Entry(name(rawName, i), u16(pos + 10), u32(pos + 20), u32(pos + 24), u32(pos + 42)));
      rawNames.add(rawName);
      flags.add(u16(pos + 8));
      crcs.add(u32(pos + 16));
      pos = next;
    }
    if (pos != end) {
      problems.add(
          "corrupt archive: the central directory holds "
              + (end - pos)
              + " bytes more than its "
              + count
              + " entries");
      return false;
    }
    return true;
  }

  private String name(byte[] raw, int index) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      String lossy = new String(raw, StandardCharsets.UTF_8);
      problems.add("entry #" + index + " (" + lossy + ") has a name that is not valid UTF-8");
      return lossy;
    }
  }

  private void checkEntries() {
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      String name = e.name();
      EntryNames.problem(name).ifPresent(problems::add);
      if (!seen.add(name)) {
        problems.add("duplicate entry name " + name + ": every entry name must be unique");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (ARCHIVE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
        problems.add(
            "entry " + name + " is a nested archive: a runtime JAR must not contain archives");
      }
      if (name.startsWith("META-INF/versions/")) {
        problems.add(
            "entry " + name + " is a Multi-Release override: META-INF/versions/ is not allowed");
      }
      if ((flags.get(i) & FLAG_ENCRYPTED) != 0) {
        problems.add("entry " + name + " is encrypted");
      }
      if (e.method() != STORED && e.method() != DEFLATED) {
        problems.add(
            "entry "
                + name
                + " uses compression method "
                + e.method()
                + ": only stored (0) and deflated (8) are allowed");
      }
      if (e.method() == STORED && e.compressedSize() != e.size()) {
        problems.add("stored entry " + name + " has different compressed and uncompressed sizes");
      }
      if (e.isDirectory() && (e.size() != 0 || e.compressedSize() > 2)) {
        problems.add(
            "directory entry "
                + name
                + " has data ("
                + e.size()
                + " bytes): a directory entry must be empty");
      }
      if (e.size() > limits.maxEntrySize()) {
        problems.add(tooLarge("entry " + name + " is", e.size(), limits.maxEntrySize(), "Entry"));
      }
      total += e.size();
      if (e.size() >= ArchiveLimits.RATIO_EXEMPT_BELOW
          && e.size() > (long) limits.maxCompressionRatio() * e.compressedSize()) {
        problems.add(
            "entry "
                + name
                + " expands from "
                + e.compressedSize()
                + " to "
                + e.size()
                + " bytes (ratio "
                + e.size() / Math.max(1, e.compressedSize())
                + ":1), more than the limit of "
                + limits.maxCompressionRatio()
                + ":1 (ArchiveLimits.maxCompressionRatio): a zip bomb");
      }
    }
    if (total > limits.maxTotalUncompressedSize()) {
      problems.add(tooLarge("the entries are", total, limits.maxTotalUncompressedSize(), "Total"));
    }
  }

  private void checkLocalHeaders(long cdOffset) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong(i -> entries.get(i).localOffset()));
    long expected = 0;
    for (int i : order) {
      Entry e = entries.get(i);
      long at = e.localOffset();
      if (at != expected) {
        problems.add(
            "entry "
                + e.name()
                + "'s local header is at offset "
                + at
                + " but the previous entry ends at "
                + expected
                + ": the archive has overlapping entries or data the central directory does not"
                + " list");
        return;
      }
      if (at + LOC_LEN > cdOffset || u32((int) at) != LOC_SIG) {
        problems.add("corrupt archive: entry " + e.name() + " has no local header at offset " + at);
        return;
      }
      int p = (int) at;
      int nameLength = u16(p + 26);
      long dataStart = at + LOC_LEN + nameLength + u16(p + 28);
      long dataEnd = dataStart + e.compressedSize();
      if (dataEnd > cdOffset) {
        problems.add(
            "corrupt archive: entry " + e.name() + "'s data runs into the central directory");
        return;
      }
      byte[] localName = Arrays.copyOfRange(zip, p + LOC_LEN, p + LOC_LEN + nameLength);
      if (!Arrays.equals(localName, rawNames.get(i))) {
        problems.add(
            "entry "
                + e.name()
                + " is named "
                + new String(localName, StandardCharsets.UTF_8)
                + " in its local header: the central directory and the local headers disagree");
      }
      if (u16(p + 8) != e.method()
          || (u16(p + 6) & FLAG_DESCRIPTOR) != (flags.get(i) & FLAG_DESCRIPTOR)) {
        problems.add(
            "entry " + e.name() + "'s local header and central directory disagree on its format");
        return;
      }
      long next = dataEnd;
      long crc = u32(p + 14);
      long compressed = u32(p + 18);
      long size = u32(p + 22);
      if ((flags.get(i) & FLAG_DESCRIPTOR) != 0) {
        int d = (int) dataEnd;
        if (d + 4 <= cdOffset && u32(d) == EXT_SIG) {
          d += 4;
        }
        if (d + 12 > cdOffset) {
          problems.add("corrupt archive: entry " + e.name() + " has no data descriptor");
          return;
        }
        crc = u32(d);
        compressed = u32(d + 4);
        size = u32(d + 8);
        next = d + 12;
      }
      if (crc != crcs.get(i) || compressed != e.compressedSize() || size != e.size()) {
        problems.add(
            "entry "
                + e.name()
                + "'s sizes or CRC differ between its local header and the central directory");
      }
      if (e.name().equalsIgnoreCase(MANIFEST)) {
        manifest = inflate(e, (int) dataStart);
      }
      expected = next;
    }
    if (expected != cdOffset) {
      problems.add(
          "the archive has "
              + (cdOffset - expected)
              + " bytes between its last entry and the central directory that no entry accounts"
              + " for");
    }
  }

  /**
   * The manifest's bytes, inflated here with a bound because {@code JarInputStream} reads the
   * manifest whole, unbounded, before any caller can limit it.
   */
  private byte @Nullable [] inflate(Entry e, int dataStart) {
    int size = (int) e.size();
    if (e.method() == STORED) {
      return Arrays.copyOfRange(zip, dataStart, dataStart + size);
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(zip, dataStart, (int) e.compressedSize());
      byte[] out = new byte[size + 1];
      int n = 0;
      while (n < out.length
          && !inflater.finished()
          && !inflater.needsInput()
          && !inflater.needsDictionary()) {
        n += inflater.inflate(out, n, out.length - n);
      }
      if (n != size || !inflater.finished()) {
        problems.add(
            "entry " + e.name() + " does not inflate to its declared size of " + size + " bytes");
        return null;
      }
      return Arrays.copyOf(out, size);
    } catch (DataFormatException ex) {
      problems.add("corrupt archive: entry " + e.name() + " does not inflate: " + ex.getMessage());
      return null;
    } finally {
      inflater.end();
    }
  }

  private static String tooLarge(String what, long size, long limit, String which) {
    return what
        + " "
        + size
        + " bytes uncompressed, more than the limit of "
        + limit
        + " bytes (ArchiveLimits.max"
        + which
        + (which.equals("Total") ? "UncompressedSize)" : "Size)");
  }

  private int u16(int p) {
    return (zip[p] & 0xFF) | (zip[p + 1] & 0xFF) << 8;
  }

  private long u32(int p) {
    return (u16(p) | (long) u16(p + 2) << 16) & 0xFFFFFFFFL;
  }
}
