package io.forkless.node.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of a node's data folder ({@code io.forkless.host.state.RocksStateStore} layout),
 * made without opening the live database, so the live folder is never written: the copy holds the
 * format marker and {@code db/} (immutable {@code .sst} files hard-linked when the file system
 * allows, like a RocksDB checkpoint; every other file copied), not the snapshots or the lock.
 *
 * <p>The copy is taken while holding the folder's lock ({@code forkless.lock}), the same lock a
 * running node holds: a running node's folder is refused (stop it, or copy its folder while it is
 * stopped), and no node can start on it while the copy is taken.
 */
final class DataFolderCopy {

  private static final String MARKER = "FORKLESS-STORE";
  private static final String LOCK_FILE = "forkless.lock";
  private static final String RESTORE_MARKER = "RESTORE";

  private DataFolderCopy() {}

  /**
   * Copies {@code dataDir} into the new folder {@code target}.
   *
   * @throws CliException if the folder is not a Forkless data folder, a node holds it, or copying
   *     fails
   */
  static void copy(Path dataDir, Path target) {
    if (!Files.isRegularFile(dataDir.resolve(MARKER))
        || !Files.isDirectory(dataDir.resolve("db"))) {
      throw new CliException(
          dataDir + " is not a Forkless data folder (no " + MARKER + " and db/): check --data-dir");
    }
    if (Files.exists(dataDir.resolve(RESTORE_MARKER))) {
      throw new CliException(
          dataDir
              + " holds an interrupted snapshot restore: start and stop the node once to finish it");
    }
    try (FileChannel channel =
        FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel, dataDir);
      try {
        copyContent(dataDir, target);
      } finally {
        lock.release();
      }
    } catch (NoSuchFileException e) {
      // No lock file: no node ever opened the folder with this layout's lock, so none holds it.
      copyContent(dataDir, target);
    } catch (IOException e) {
      throw new CliException(
          "cannot lock " + dataDir.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
    }
  }

  private static FileLock tryLock(FileChannel channel, Path dataDir) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new CliException(
          "the data folder "
              + dataDir
              + " is in use by a running node: stop the node first, or copy the folder while the"
              + " node is stopped and pass the copy as --data-dir");
    }
    return lock;
  }

  private static void copyContent(Path dataDir, Path target) {
    try {
      Files.createDirectories(target);
      Files.copy(dataDir.resolve(MARKER), target.resolve(MARKER));
      Path db = dataDir.resolve("db");
      List<Path> files;
      try (Stream<Path> walk = Files.walk(db)) {
        files = walk.sorted().toList();
      }
      for (Path source : files) {
        Path copy = target.resolve("db").resolve(db.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else if (source.getFileName().toString().endsWith(".sst")) {
          linkOrCopy(source, copy);
        } else {
          Files.copy(source, copy);
        }
      }
    } catch (IOException e) {
      throw new CliException("cannot copy " + dataDir + " to " + target + ": " + e, e);
    }
  }

  private static void linkOrCopy(Path source, Path copy) throws IOException {
    try {
      Files.createLink(copy, source);
    } catch (FileSystemException | UnsupportedOperationException e) {
      Files.copy(source, copy); // another file system, or no hard links
    }
  }

  /** Deletes a copy, best effort: it lives in a temporary folder. */
  static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new CliException("cannot delete the dry run's copy " + folder + ": " + e, e);
    }
  }
}
