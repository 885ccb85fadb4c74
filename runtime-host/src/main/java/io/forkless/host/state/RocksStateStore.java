package io.forkless.host.state;

import io.forkless.host.ForklessException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link StateStore}: RocksDB under a data folder, with column families {@code state},
 * {@code chain} and {@code meta} (format and LtHash vector). Snapshots are RocksDB checkpoints
 * (hard links to the immutable SST files), so taking one costs O(1) in state size.
 *
 * <p>Data folder layout: {@code FORKLESS-STORE} (format marker), {@code forkless.lock} (held while
 * open, so a second process gets {@link DataFolderLockedException}), {@code db/} (the live
 * database), {@code snapshots/NNNNNNNNNNNN/} (checkpoints). A restore builds {@code db.restore/},
 * writes the {@code RESTORE} marker, swaps the directories and deletes the marker; opening a folder
 * with the marker finishes the swap.
 */
public final class RocksStateStore extends AbstractStateStore {

  private static final Logger log = LoggerFactory.getLogger(RocksStateStore.class);
  private static final String MARKER = "FORKLESS-STORE";
  private static final int MULTI_GET_BATCH = 1024;
  private static final long BLOCK_CACHE_BYTES = 128L * 1024 * 1024;
  private static final String FORMAT = "forkless-state-store format 1\n";
  private static final String LOCK_FILE = "forkless.lock";
  private static final String RESTORE_MARKER = "RESTORE";
  private static final byte[] META_HASH = "lthash".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] META_FORMAT = "format".getBytes(StandardCharsets.US_ASCII);

  static {
    RocksDB.loadLibrary();
  }

  private final Path dataDir;
  private final StoreOptions options;
  private final FileChannel lockChannel;
  private final FileLock folderLock;

  /**
   * Readers hold the read lock while they touch the native handles; restore and close swap them.
   */
  private final ReadWriteLock dbLock = new ReentrantReadWriteLock();

  private @Nullable Handles handles;

  private record Handles(
      RocksDB db,
      DBOptions dbOptions,
      ColumnFamilyOptions cfOptions,
      LRUCache cache,
      BloomFilter filter,
      List<ColumnFamilyHandle> all,
      ColumnFamilyHandle state,
      ColumnFamilyHandle chain,
      ColumnFamilyHandle meta) {
    void close() {
      all.forEach(ColumnFamilyHandle::close);
      db.close();
      dbOptions.close();
      cfOptions.close();
      cache.close();
      filter.close();
    }
  }

  private RocksStateStore(Path dataDir, StoreOptions options, FileChannel channel, FileLock lock) {
    this.dataDir = dataDir;
    this.options = options;
    this.lockChannel = channel;
    this.folderLock = lock;
  }

  /**
   * Opens (or creates) the store in {@code dataDir}, finishing an interrupted restore first.
   *
   * @throws DataFolderLockedException if another process or store has the folder open
   * @throws ForeignDataFolderException if the folder holds something other than a Forkless store
   * @throws CorruptDataFolderException if the store cannot be read back
   */
  public static RocksStateStore open(Path dataDir, StoreOptions options) {
    Path dir = dataDir.toAbsolutePath();
    boolean fresh = checkOwnership(dir);
    FileChannel channel;
    FileLock lock;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new DataFolderException(dir, "cannot create data folder " + dir + ": " + e, e);
    }
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
    RocksStateStore store = new RocksStateStore(dir, options, channel, lock);
    try {
      if (fresh) {
        Files.writeString(dir.resolve(MARKER), FORMAT);
      }
      store.finishInterruptedRestore();
      store.handles = store.openDb(fresh);
      store.hash = store.readHash();
      Files.createDirectories(store.snapshotsDir());
      store.cleanSnapshotLeftovers();
      return store;
    } catch (IOException e) {
      store.close();
      throw new DataFolderException(dir, "cannot prepare data folder " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
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

  private Handles openDb(boolean create) {
    Path db = dataDir.resolve("db");
    if (!create && !Files.isDirectory(db)) {
      throw new CorruptDataFolderException(dataDir, "the database folder db/ is missing");
    }
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(create)
            .setCreateMissingColumnFamilies(create)
            .setParanoidChecks(true);
    // A bloom filter and a larger block cache keep the one read per written key (old value, for
    // the incremental root) cheap as the state grows.
    LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter filter = new BloomFilter(10);
    ColumnFamilyOptions cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(
                new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter));
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
            new ColumnFamilyDescriptor(bytes("state"), cfOptions),
            new ColumnFamilyDescriptor(bytes("chain"), cfOptions),
            new ColumnFamilyDescriptor(bytes("meta"), cfOptions));
    List<ColumnFamilyHandle> all = new ArrayList<>();
    RocksDB rocks;
    try {
      rocks = RocksDB.open(dbOptions, db.toString(), descriptors, all);
    } catch (RocksDBException e) {
      dbOptions.close();
      cfOptions.close();
      cache.close();
      filter.close();
      throw translate(e);
    }
    Handles h =
        new Handles(
            rocks, dbOptions, cfOptions, cache, filter, all, all.get(1), all.get(2), all.get(3));
    try {
      if (create) {
        try (WriteOptions wo = new WriteOptions().setSync(true);
            WriteBatch batch = new WriteBatch()) {
          batch.put(h.meta(), META_FORMAT, bytes(FORMAT));
          batch.put(h.meta(), META_HASH, LtHash.empty().toBytes());
          rocks.write(wo, batch);
        }
      } else {
        byte[] format = rocks.get(h.meta(), META_FORMAT);
        if (format == null || !new String(format, StandardCharsets.UTF_8).equals(FORMAT)) {
          throw new CorruptDataFolderException(dataDir, "the database has no format record");
        }
      }
    } catch (RocksDBException | RuntimeException e) {
      h.close();
      throw e instanceof RocksDBException re ? translate(re) : (RuntimeException) e;
    }
    return h;
  }

  private LtHash readHash() {
    byte[] vector = read(h -> h.db().get(h.meta(), META_HASH));
    if (vector == null || vector.length != LtHash.BYTES) {
      throw new CorruptDataFolderException(
          dataDir, "the state-root vector is missing or truncated");
    }
    return LtHash.fromBytes(vector);
  }

  private RuntimeException translate(RocksDBException e) {
    Status status = e.getStatus();
    Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
    String message = String.valueOf(e.getMessage());
    if (code == Status.Code.IOError
        && message.toLowerCase(java.util.Locale.ROOT).contains("lock")) {
      return new DataFolderLockedException(dataDir, e);
    }
    boolean fileMissing =
        code == Status.Code.IOError && message.contains("No such file or directory");
    if (fileMissing
        || code == Status.Code.Corruption
        || code == Status.Code.InvalidArgument
        || code == Status.Code.NotSupported) {
      return new CorruptDataFolderException(dataDir, "RocksDB: " + message, e);
    }
    return new ForklessException(
        "RocksDB failed on data folder " + dataDir + ": " + message + " (check disk space)", e);
  }

  @Override
  protected ReadLayer committedLayer() {
    return new ReadLayer() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return Optional.ofNullable(read(h -> h.db().get(h.state(), key)));
      }

      @Override
      public KvIterator iterate(byte[] prefix) {
        return new RocksKvIterator(prefix);
      }
    };
  }

  @Override
  protected List<byte @Nullable []> readCommitted(List<byte[]> keys) {
    List<byte @Nullable []> out = new ArrayList<>(keys.size());
    dbLock.readLock().lock();
    try {
      Handles h = open();
      for (int from = 0; from < keys.size(); from += MULTI_GET_BATCH) {
        List<byte[]> batch = keys.subList(from, Math.min(keys.size(), from + MULTI_GET_BATCH));
        out.addAll(
            h.db().multiGetAsList(java.util.Collections.nCopies(batch.size(), h.state()), batch));
      }
      return out;
    } catch (RocksDBException e) {
      throw translate(e);
    } finally {
      dbLock.readLock().unlock();
    }
  }

  @Override
  public Optional<byte[]> chainGet(byte[] key) {
    return Optional.ofNullable(read(h -> h.db().get(h.chain(), key)));
  }

  @Override
  protected void write(StagedCommit staged, ChainWrites chainWrites) {
    dbLock.readLock().lock();
    try (WriteBatch batch = new WriteBatch();
        WriteOptions wo =
            new WriteOptions().setSync(options.durability() == StoreOptions.Durability.SYNC)) {
      Handles h = open();
      RocksDBException[] failure = new RocksDBException[1];
      staged
          .overlay()
          .forEachWrite(
              (k, v) -> {
                try {
                  if (v == null) {
                    batch.delete(h.state(), k);
                  } else {
                    batch.put(h.state(), k, v);
                  }
                } catch (RocksDBException e) {
                  failure[0] = e;
                }
              });
      if (failure[0] != null) {
        throw failure[0];
      }
      for (var e : chainWrites.puts()) {
        batch.put(h.chain(), e.getKey(), e.getValue());
      }
      batch.put(h.meta(), META_HASH, staged.newHash().toBytes());
      h.db().write(wo, batch);
    } catch (RocksDBException e) {
      throw translate(e);
    } finally {
      dbLock.readLock().unlock();
    }
  }

  @Override
  public SnapshotId snapshot() {
    writerLock.lock();
    dbLock.readLock().lock();
    try {
      List<Long> existing = snapshotSequences();
      long next = existing.isEmpty() ? 0 : existing.get(existing.size() - 1) + 1;
      Path target = snapshotDir(next);
      try (Checkpoint checkpoint = Checkpoint.create(open().db())) {
        checkpoint.createCheckpoint(target.toString());
      } catch (RocksDBException e) {
        throw translate(e);
      }
      List<Long> kept = snapshotSequences();
      for (int i = 0; i < kept.size() - options.maxSnapshots(); i++) {
        deleteRecursively(snapshotDir(kept.get(i)));
      }
      return new SnapshotId(next);
    } finally {
      dbLock.readLock().unlock();
      writerLock.unlock();
    }
  }

  @Override
  public List<SnapshotId> snapshots() {
    return snapshotSequences().stream().map(SnapshotId::new).toList();
  }

  @Override
  public void restore(SnapshotId id) {
    writerLock.lock();
    try {
      Path source = snapshotDir(id.sequence());
      if (!Files.isDirectory(source)) {
        throw new IllegalArgumentException(
            "unknown snapshot " + id.sequence() + "; kept: " + snapshotSequences());
      }
      Path staging = dataDir.resolve("db.restore");
      deleteRecursively(staging);
      try {
        Files.createDirectories(staging);
        try (Stream<Path> files = Files.list(source)) {
          for (Path file : files.toList()) {
            Path target = staging.resolve(file.getFileName());
            // SST files are immutable: link them (O(1)); the small MANIFEST, CURRENT, OPTIONS and
            // log files are copied because RocksDB may rewrite them.
            if (file.getFileName().toString().endsWith(".sst")) {
              Files.createLink(target, file);
            } else {
              Files.copy(file, target);
              force(target);
            }
          }
        }
        force(staging);
      } catch (IOException e) {
        deleteRecursively(staging);
        throw new ForklessException(
            "cannot prepare restore of snapshot " + id.sequence() + " in " + dataDir + ": " + e, e);
      }
      dbLock.writeLock().lock();
      try {
        Handles old = open();
        handles = null;
        old.close();
        writeAtomically(dataDir.resolve(RESTORE_MARKER), "db.restore\n");
        finishInterruptedRestore();
        handles = openDb(false);
        hash = readHash();
        generation++;
      } catch (IOException e) {
        throw new ForklessException(
            "restore of snapshot "
                + id.sequence()
                + " in "
                + dataDir
                + " failed: "
                + e
                + "; reopen the store to finish it",
            e);
      } finally {
        dbLock.writeLock().unlock();
      }
      log.info("restored snapshot {} in {}", id.sequence(), dataDir);
    } finally {
      writerLock.unlock();
    }
  }

  /** Completes a directory swap that a crash interrupted, or cleans up an unfinished one. */
  private void finishInterruptedRestore() throws IOException {
    Path marker = dataDir.resolve(RESTORE_MARKER);
    Path db = dataDir.resolve("db");
    Path staging = dataDir.resolve("db.restore");
    Path old = dataDir.resolve("db.old");
    if (Files.exists(marker)) {
      if (Files.isDirectory(staging)) {
        if (Files.isDirectory(db)) {
          deleteRecursively(old);
          Files.move(db, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, db, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        force(dataDir);
      }
      deleteRecursively(old);
      Files.delete(marker);
      force(dataDir);
    } else {
      deleteRecursively(staging);
      deleteRecursively(old);
    }
  }

  @Override
  public void close() {
    dbLock.writeLock().lock();
    try {
      if (handles != null) {
        handles.close();
        handles = null;
      }
      if (folderLock.isValid()) {
        folderLock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      throw new ForklessException("cannot release the lock of data folder " + dataDir, e);
    } finally {
      dbLock.writeLock().unlock();
    }
  }

  /**
   * Compacts the whole database now (maintenance: after a bulk load such as a large migration, or
   * to measure a settled store). Blocks until done; commits wait meanwhile.
   */
  public void compact() {
    writerLock.lock();
    dbLock.readLock().lock();
    try {
      Handles h = open();
      for (ColumnFamilyHandle cf : h.all()) {
        h.db().compactRange(cf);
      }
    } catch (RocksDBException e) {
      throw translate(e);
    } finally {
      dbLock.readLock().unlock();
      writerLock.unlock();
    }
  }

  /** The data folder. */
  public Path dataDir() {
    return dataDir;
  }

  private interface RocksRead<T> {
    @Nullable T read(Handles h) throws RocksDBException;
  }

  private <T> @Nullable T read(RocksRead<T> action) {
    dbLock.readLock().lock();
    try {
      return action.read(open());
    } catch (RocksDBException e) {
      throw translate(e);
    } finally {
      dbLock.readLock().unlock();
    }
  }

  private Handles open() {
    Handles h = handles;
    if (h == null) {
      throw new IllegalStateException("state store on " + dataDir + " is closed");
    }
    return h;
  }

  /** Holds the read lock from creation to close, so a restore cannot free the native handles. */
  private final class RocksKvIterator implements KvIterator {
    private final byte[] prefix;
    private final ReadOptions readOptions;
    private final RocksIterator it;
    private byte @Nullable [] key;
    private boolean closed;

    RocksKvIterator(byte[] prefix) {
      this.prefix = prefix.clone();
      dbLock.readLock().lock();
      try {
        Handles h = open();
        this.readOptions = new ReadOptions();
        this.it = h.db().newIterator(h.state(), readOptions);
      } catch (RuntimeException e) {
        dbLock.readLock().unlock();
        throw e;
      }
      it.seek(this.prefix);
      load();
    }

    private void load() {
      key = it.isValid() ? it.key() : null;
      if (key != null && !Bytes.startsWith(key, prefix)) {
        key = null;
      }
    }

    @Override
    public boolean valid() {
      return key != null;
    }

    @Override
    public byte[] key() {
      if (key == null) {
        throw new IllegalStateException("iterator exhausted");
      }
      return key;
    }

    @Override
    public byte[] value() {
      return it.value();
    }

    @Override
    public void next() {
      it.next();
      load();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        it.close();
        readOptions.close();
        dbLock.readLock().unlock();
      }
    }
  }

  private Path snapshotsDir() {
    return dataDir.resolve("snapshots");
  }

  private Path snapshotDir(long sequence) {
    return snapshotsDir().resolve(String.format("%012d", sequence));
  }

  private List<Long> snapshotSequences() {
    if (!Files.isDirectory(snapshotsDir())) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(snapshotsDir())) {
      return list.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{12}"))
          .map(Long::parseLong)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ForklessException("cannot list snapshots in " + snapshotsDir() + ": " + e, e);
    }
  }

  private void cleanSnapshotLeftovers() throws IOException {
    try (Stream<Path> list = Files.list(snapshotsDir())) {
      for (Path p : list.toList()) {
        if (!p.getFileName().toString().matches("\\d{12}")) {
          deleteRecursively(p);
        }
      }
    }
  }

  private static void writeAtomically(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    force(tmp);
    Files.move(
        tmp,
        target,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    force(target.getParent());
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
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
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
      log.debug("closing lock channel failed", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
