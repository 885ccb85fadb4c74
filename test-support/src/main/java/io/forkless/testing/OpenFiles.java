package io.forkless.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's open file descriptors, read from {@code /proc/self/fd} (Linux): proves a component
 * left no file handle on a file.
 */
public final class OpenFiles {

  private OpenFiles() {}

  /**
   * The descriptors open on {@code file}.
   *
   * @throws IllegalStateException if {@code /proc/self/fd} is not available (not Linux)
   */
  public static List<Path> pointingAt(Path file) {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      throw new IllegalStateException(
          "/proc/self/fd is not available: open files cannot be listed");
    }
    Path target = file.toAbsolutePath().normalize();
    List<Path> open = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
      for (Path fd : entries) {
        try {
          Path link = Files.readSymbolicLink(fd);
          if (link.toString().startsWith(target.toString())) {
            open.add(fd);
          }
        } catch (IOException e) {
          // The descriptor closed while listing (e.g. the directory stream's own): not ours.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/fd", e);
    }
    return open;
  }
}
