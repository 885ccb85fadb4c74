package io.forkless.testing.jar;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;

/**
 * A real JAR built in memory for tests, signed with the JDK's {@link JarSigner}, and hostile
 * variants of it made by rewriting the archive or patching its raw bytes:
 *
 * <pre>{@code
 * TestJar jar = TestJar.builder()
 *     .manifestAttribute("Forkless-Runtime-Version", "1.0.0")
 *     .entry("a/A.class", bytes)
 *     .build()
 *     .signedBy(Signing.by(identity));
 * byte[] hostile = jar.withEntryReplaced("a/A.class", other).bytes();
 * }</pre>
 *
 * Immutable: every operation returns a new JAR.
 */
public final class TestJar {

  private static final String MANIFEST = "META-INF/MANIFEST.MF";
  private static final int LOC_SIG = 0x04034b50;
  private static final int CEN_SIG = 0x02014b50;

  private final byte[] bytes;

  private TestJar(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A JAR of exactly these bytes (e.g. a real sample JAR to tamper with). */
  public static TestJar of(byte[] bytes) {
    return new TestJar(bytes.clone());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an unsigned JAR: the manifest first, then the entries in the order added. */
  public static final class Builder {
    private final Manifest manifest = new Manifest();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private Builder() {
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    }

    public Builder manifestAttribute(String name, String value) {
      manifest.getMainAttributes().putValue(name, value);
      return this;
    }

    /** A file entry; a name ending in {@code /} with data makes a directory entry with data. */
    public Builder entry(String name, byte[] content) {
      entries.put(name, content.clone());
      return this;
    }

    public Builder entry(String name, String content) {
      return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Builder directory(String name) {
      return entry(name.endsWith("/") ? name : name + "/", new byte[0]);
    }

    public TestJar build() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          jar.putNextEntry(new ZipEntry(e.getKey()));
          jar.write(e.getValue());
          jar.closeEntry();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new TestJar(out.toByteArray());
    }
  }

  /** This JAR signed (again, if already signed: a second signer) as {@code signing} says. */
  public TestJar signedBy(Signing signing) {
    Path unsigned = null;
    try {
      unsigned = Files.createTempFile("forkless-unsigned", ".jar");
      Files.write(unsigned, bytes);
      JarSigner.Builder signer =
          new JarSigner.Builder(
                  signing.identity().key(),
                  CertificateFactory.getInstance("X.509")
                      .generateCertPath(signing.identity().chain()))
              .signerName(signing.signerName())
              .digestAlgorithm(signing.digestAlgorithm());
      if (signing.signatureAlgorithm().isPresent()) {
        signer.signatureAlgorithm(signing.signatureAlgorithm().get());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipFile zip = new ZipFile(unsigned.toFile())) {
        signer.build().sign(zip, out);
      }
      return new TestJar(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + signing, e);
    } finally {
      if (unsigned != null) {
        unsigned.toFile().delete();
      }
    }
  }

  /** Adds an entry after signing: neither the manifest nor the signature file lists it. */
  public TestJar withEntryAdded(String name, byte[] content) {
    Map<String, byte[]> entries = entries();
    entries.put(name, content.clone());
    return rewrite(entries);
  }

  /** Changes an entry's content after signing. */
  public TestJar withEntryReplaced(String name, byte[] content) {
    return withEntry(name, old -> content.clone());
  }

  /** Removes an entry after signing (the manifest and signature file still list it). */
  public TestJar withEntryRemoved(String name) {
    Map<String, byte[]> entries = entries();
    requirePresent(entries, name);
    entries.remove(name);
    return rewrite(entries);
  }

  /**
   * Adds an entry and its SHA-256 digest to the manifest after signing, so the manifest lists it
   * but no signature file covers it.
   */
  public TestJar withEntryAddedToManifest(String name, byte[] content) {
    String digest;
    try {
      digest =
          Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    String section = "Name: " + name + "\r\nSHA-256-Digest: " + digest + "\r\n\r\n";
    TestJar withSection =
        withEntry(MANIFEST, old -> concat(old, section.getBytes(StandardCharsets.UTF_8)));
    return withSection.withEntryAdded(name, content);
  }

  /**
   * Overwrites an entry's name in the raw bytes, in the central directory only or everywhere; the
   * new name must have the same length (a patch, not a rewrite).
   */
  public TestJar withNamePatched(String from, String to, NamePatch where) {
    byte[] old = from.getBytes(StandardCharsets.UTF_8);
    byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
    if (old.length != replacement.length) {
      throw new IllegalArgumentException("names must have the same length: " + from + ", " + to);
    }
    byte[] patched = bytes.clone();
    int count = 0;
    for (int p = 0; p + 46 <= patched.length; p++) {
      int signature = u32(patched, p);
      boolean central = signature == CEN_SIG;
      boolean local = signature == LOC_SIG && where == NamePatch.EVERYWHERE;
      if (!central && !local) {
        continue;
      }
      int length = u16(patched, p + (central ? 28 : 26));
      int start = p + (central ? 46 : 30);
      if (length == old.length && regionEquals(patched, start, old)) {
        System.arraycopy(replacement, 0, patched, start, length);
        count++;
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("no entry named " + from);
    }
    return new TestJar(patched);
  }

  /**
   * Overwrites the uncompressed size an entry declares (central directory, and local header or data
   * descriptor) in the raw bytes, leaving its data alone: an entry that lies about its size.
   */
  public TestJar withDeclaredSizePatched(String name, int size) {
    byte[] target = name.getBytes(StandardCharsets.UTF_8);
    byte[] patched = bytes.clone();
    int count = 0;
    for (int p = 0; p + 46 <= patched.length; p++) {
      int signature = u32(patched, p);
      if (signature == CEN_SIG
          && u16(patched, p + 28) == target.length
          && regionEquals(patched, p + 46, target)) {
        putU32(patched, p + 24, size);
        count++;
      } else if (signature == LOC_SIG
          && u16(patched, p + 26) == target.length
          && regionEquals(patched, p + 30, target)) {
        if ((u16(patched, p + 6) & 8) == 0) {
          putU32(patched, p + 22, size);
        } else {
          int dataEnd = p + 30 + target.length + u16(patched, p + 28) + centralCompressedSize(name);
          int descriptor = u32(patched, dataEnd) == 0x08074b50 ? dataEnd + 4 : dataEnd;
          putU32(patched, descriptor + 8, size);
        }
        count++;
      }
    }
    if (count != 2) {
      throw new IllegalArgumentException("no single entry named " + name);
    }
    return new TestJar(patched);
  }

  private int centralCompressedSize(String name) {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        in.readAllBytes();
        if (e.getName().equals(name)) {
          return (int) e.getCompressedSize();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no entry " + name);
  }

  private static void putU32(byte[] b, int p, int value) {
    for (int i = 0; i < 4; i++) {
      b[p + i] = (byte) (value >>> (8 * i));
    }
  }

  /** Where {@link #withNamePatched} patches a name. */
  public enum NamePatch {
    CENTRAL_DIRECTORY_ONLY,
    EVERYWHERE
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Writes the JAR to {@code file} and returns the file. */
  public Path writeTo(Path file) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SHA-256 of the bytes, as lowercase hex. */
  public String sha256Hex() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private TestJar withEntry(String name, UnaryOperator<byte[]> change) {
    Map<String, byte[]> entries = entries();
    requirePresent(entries, name);
    entries.put(name, change.apply(entries.get(name)));
    return rewrite(entries);
  }

  private static void requirePresent(Map<String, byte[]> entries, String name) {
    if (!entries.containsKey(name)) {
      throw new IllegalArgumentException("no entry " + name + " in " + entries.keySet());
    }
  }

  private Map<String, byte[]> entries() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static TestJar rewrite(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestJar(out.toByteArray());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static boolean regionEquals(byte[] array, int start, byte[] expected) {
    for (int i = 0; i < expected.length; i++) {
      if (array[start + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
  }

  private static int u32(byte[] b, int p) {
    return u16(b, p) | u16(b, p + 2) << 16;
  }

  /** Exposed for tests that write JARs to streams themselves. */
  public void writeTo(OutputStream out) {
    try {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
