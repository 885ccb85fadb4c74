package io.forkless.node.cli;

import io.forkless.host.governance.Ed25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A new key file: a random 32-byte Ed25519 seed written as 64 hex characters and a newline,
 * readable by its owner only (where the file system has POSIX permissions). An existing file is
 * never overwritten. What {@code keys new} and {@code keys validator} write, and {@code
 * --key}/{@code --key-file} read.
 */
final class SeedFile {

  private SeedFile() {}

  /**
   * Creates {@code out} (and its parent folders) with a fresh seed.
   *
   * @return the seed
   * @throws CliException when {@code out} exists or cannot be written
   */
  static byte[] createNew(Path out) {
    byte[] seed = new byte[Ed25519.KEY_LENGTH];
    new SecureRandom().nextBytes(seed);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createFile(
            out,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the file keeps the default permissions.
        Files.createFile(out);
      }
      Files.writeString(
          out,
          HexFormat.of().formatHex(seed) + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new CliException(
          out + " already exists: choose another --out (a key file is never overwritten)", e);
    } catch (IOException e) {
      throw new CliException("cannot write key file " + out + ": " + e.getMessage(), e);
    }
    return seed;
  }
}
