package io.forkless.host.state;

import io.forkless.host.ForklessException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a {@link RocksStateStore}'s data folder, apart from RocksDB's own: the format
 * marker, the folder lock, the snapshot folders and the crash-safe directory swap of a restore.
 *
 * <p>Layout: {@code FORKLESS-STORE} (format marker), {@code forkless.lock} (held while open),
 * {@code db/} (live database), {@code snapshots/NNNNNNNNNNNN/} (checkpoints). A restore builds
 * {@code db.restore/}, writes the {@code RESTORE} marker, moves {@code db/} to {@code db.old/} and
 * {@code db.restore/} to {@code db/}, deletes {@code db.old/}, then the marker. Opening a folder
 * finishes a swap whose marker exists and drops a staging folder whose marker does not.
 */
final class DataFolder {

  private static final Logger log = LoggerFactory.getLogger(DataFolder.class);
  private static final String MARKER = "FORKLESS-STORE";
  private static final String FORMAT = "forkless-state-store format 2\n";
  private static final String LOCK_FILE = "forkless.lock";
  private static final String RESTORE_MARKER = "RESTORE";
  private static final String SNAPSHOT_NAME = "\\d{12}";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final boolean fresh;

  private DataFolder(Path dir, FileChannel lockChannel, FileLock lock, boolean fresh) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.fresh = fresh;
  }

  /**
   * Checks that {@code dataDir} is empty or a Forkless store, locks it, marks a new one and
   * finishes an interrupted restore.
   */
  static DataFolder claim(Path dataDir) {
    Path dir = dataDir.toAbsolutePath();
    boolean fresh = checkOwnership(dir);
    FileChannel channel;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new DataFolderException(dir, "cannot create data folder " + dir + ": " + e, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      closeQuietly(channel);
      throw new DataFolderLockedException(dir, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new DataFolderLockedException(dir, null);
    }
    DataFolder folder = new DataFolder(dir, channel, lock, fresh);
    try {
      if (fresh) {
        Files.writeString(dir.resolve(MARKER), FORMAT);
      }
      folder.finishInterruptedRestore();
      Files.createDirectories(folder.snapshotsDir());
      folder.cleanSnapshotLeftovers();
      return folder;
    } catch (IOException | RuntimeException e) {
      folder.release();
      throw e instanceof IOException
          ? new DataFolderException(dir, "cannot prepare data folder " + dir + ": " + e, e)
          : (RuntimeException) e;
    }
  }

  /** Returns true when the folder is new (absent or empty). */
  private static boolean checkOwnership(Path dir) {
    if (!Files.isDirectory(dir)) {
      if (Files.exists(dir)) {
        throw new ForeignDataFolderException(dir, "it is a file, not a folder");
      }
      return true;
    }
    List<String> names;
    try (Stream<Path> list = Files.list(dir)) {
      names = list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(LOCK_FILE)).toList();
    } catch (IOException e) {
      throw new DataFolderException(dir, "cannot list data folder " + dir + ": " + e, e);
    }
    if (names.isEmpty()) {
      return true;
    }
    if (!names.contains(MARKER)) {
      throw new ForeignDataFolderException(
          dir, "no " + MARKER + " marker; it holds " + names.subList(0, Math.min(5, names.size())));
    }
    String format;
    try {
      format = Files.readString(dir.resolve(MARKER), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CorruptDataFolderException(dir, "unreadable " + MARKER + ": " + e, e);
    }
    if (!format.equals(FORMAT)) {
      throw new ForeignDataFolderException(
          dir, MARKER + " says \"" + format.strip() + "\", expected \"" + FORMAT.strip() + "\"");
    }
    return false;
  }

  Path path() {
    return dir;
  }

  /** True when this folder was empty when claimed. */
  boolean isFresh() {
    return fresh;
  }

  Path db() {
    return dir.resolve("db");
  }

  Path snapshotDir(long sequence) {
    return snapshotsDir().resolve(String.format("%012d", sequence));
  }

  /** Sequence numbers of the complete snapshots, ascending. */
  List<Long> snapshotSequences() {
    try (Stream<Path> list = Files.list(snapshotsDir())) {
      return list.map(p -> p.getFileName().toString())
          .filter(n -> n.matches(SNAPSHOT_NAME))
          .map(Long::parseLong)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ForklessException("cannot list snapshots in " + snapshotsDir() + ": " + e, e);
    }
  }

  /**
   * Builds {@code db.restore/} from a snapshot: immutable SST files are hard-linked (O(1)), the
   * small MANIFEST, CURRENT, OPTIONS and log files copied (RocksDB may rewrite them).
   */
  void stageRestore(Path snapshot) throws IOException {
    Path staging = staging();
    deleteRecursively(staging);
    Files.createDirectories(staging);
    try (Stream<Path> files = Files.list(snapshot)) {
      for (Path file : files.toList()) {
        Path target = staging.resolve(file.getFileName());
        if (file.getFileName().toString().endsWith(".sst")) {
          Files.createLink(target, file);
        } else {
          Files.copy(file, target);
          force(target);
        }
      }
    }
    force(staging);
  }

  /** Drops a staged restore that will not happen. */
  void abandonRestore() {
    deleteRecursively(staging());
  }

  /** With the database closed: commits to the staged restore (marker), then swaps it in. */
  void swapInStagedRestore() throws IOException {
    Path marker = dir.resolve(RESTORE_MARKER);
    Path tmp = dir.resolve(RESTORE_MARKER + ".tmp");
    Files.writeString(tmp, "db.restore\n");
    force(tmp);
    Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    force(dir);
    finishInterruptedRestore();
  }

  private void finishInterruptedRestore() throws IOException {
    Path marker = dir.resolve(RESTORE_MARKER);
    Path old = dir.resolve("db.old");
    if (Files.exists(marker)) {
      if (Files.isDirectory(staging())) {
        if (Files.isDirectory(db())) {
          deleteRecursively(old);
          Files.move(db(), old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging(), db(), StandardCopyOption.ATOMIC_MOVE);
        force(dir);
      }
      deleteRecursively(old);
      Files.delete(marker);
      force(dir);
      log.info("finished restoring a snapshot into {}", db());
    } else {
      deleteRecursively(staging());
      deleteRecursively(old);
    }
  }

  /** Releases the folder lock. Idempotent. */
  void release() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      throw new ForklessException("cannot release the lock of data folder " + dir, e);
    }
  }

  private Path staging() {
    return dir.resolve("db.restore");
  }

  private Path snapshotsDir() {
    return dir.resolve("snapshots");
  }

  private void cleanSnapshotLeftovers() throws IOException {
    try (Stream<Path> list = Files.list(snapshotsDir())) {
      for (Path p : list.toList()) {
        if (!p.getFileName().toString().matches(SNAPSHOT_NAME)) {
          deleteRecursively(p); // a checkpoint interrupted by a crash
        }
      }
    }
  }

  private static void force(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new ForklessException("cannot delete " + path + ": " + e, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the lock channel failed", e);
    }
  }
}
