package io.forkless.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Signed JARs with one class changed after signing: what an attacker's swapped JAR looks like. */
public final class TamperedJars {

  private TamperedJars() {}

  /** The bytes of {@code signed} with one byte appended to its first {@code .class} entry. */
  public static byte[] tamper(Path signed) {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(signed))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      boolean changed = false;
      try (ZipOutputStream out = new ZipOutputStream(bytes)) {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          byte[] content = in.readAllBytes();
          if (!changed && e.getName().endsWith(".class")) {
            byte[] longer = java.util.Arrays.copyOf(content, content.length + 1);
            content = longer;
            changed = true;
          }
          out.putNextEntry(new ZipEntry(e.getName()));
          out.write(content);
          out.closeEntry();
        }
      }
      if (!changed) {
        throw new IllegalArgumentException(signed + " has no class to tamper with");
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
