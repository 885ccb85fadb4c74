package io.forkless.host.state;

import io.forkless.host.ForklessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
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
 * <p>The data folder's own files (format marker, lock, snapshots, the crash-safe directory swap of
 * a restore) are {@link DataFolder}'s job; this class owns the RocksDB handles. A second process
 * opening the folder gets {@link DataFolderLockedException}.
 */
public final class RocksStateStore extends AbstractStateStore {

  private static final Logger log = LoggerFactory.getLogger(RocksStateStore.class);
  private static final int MULTI_GET_BATCH = 1024;
  private static final long BLOCK_CACHE_BYTES = 128L * 1024 * 1024;
  private static final String FORMAT = "forkless-state-store format 2\n";
  private static final byte[] META_HASH = "lthash".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] META_FORMAT = "format".getBytes(StandardCharsets.US_ASCII);

  static {
    RocksDB.loadLibrary();
  }

  private final DataFolder folder;
  private final Path dataDir;
  private final StoreOptions options;

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

  private RocksStateStore(DataFolder folder, StoreOptions options) {
    this.folder = folder;
    this.dataDir = folder.path();
    this.options = options;
  }

  /**
   * Opens (or creates) the store in {@code dataDir}, finishing an interrupted restore first.
   *
   * @throws DataFolderLockedException if another process or store has the folder open
   * @throws ForeignDataFolderException if the folder holds something other than a Forkless store
   * @throws CorruptDataFolderException if the store cannot be read back
   */
  public static RocksStateStore open(Path dataDir, StoreOptions options) {
    RocksStateStore store = new RocksStateStore(DataFolder.claim(dataDir), options);
    try {
      store.handles = store.openDb(store.folder.isFresh());
      store.hash = store.readHash();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private Handles openDb(boolean create) {
    Path db = folder.db();
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
        dbLock.readLock().lock();
        try {
          Handles h = open();
          return new RocksKvIterator(h.db(), h.state(), prefix, dbLock.readLock());
        } finally {
          // The iterator took its own hold of the read lock.
          dbLock.readLock().unlock();
        }
      }

      @Override
      public KvIterator iterateAfter(byte[] prefix, byte[] after) {
        dbLock.readLock().lock();
        try {
          Handles h = open();
          byte[] from = KvIterators.seekTarget(prefix, after);
          return KvIterators.skipTo(
              new RocksKvIterator(h.db(), h.state(), prefix, from, dbLock.readLock()), after);
        } finally {
          dbLock.readLock().unlock();
        }
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
      List<Long> existing = folder.snapshotSequences();
      long next = existing.isEmpty() ? 0 : existing.get(existing.size() - 1) + 1;
      Path target = folder.snapshotDir(next);
      try (Checkpoint checkpoint = Checkpoint.create(open().db())) {
        checkpoint.createCheckpoint(target.toString());
      } catch (RocksDBException e) {
        throw translate(e);
      }
      List<Long> kept = folder.snapshotSequences();
      for (int i = 0; i < kept.size() - options.maxSnapshots(); i++) {
        DataFolder.deleteRecursively(folder.snapshotDir(kept.get(i)));
      }
      return new SnapshotId(next);
    } finally {
      dbLock.readLock().unlock();
      writerLock.unlock();
    }
  }

  @Override
  public void releaseSnapshot(SnapshotId id) {
    writerLock.lock();
    try {
      if (folder.snapshotSequences().contains(id.sequence())) {
        DataFolder.deleteRecursively(folder.snapshotDir(id.sequence()));
      }
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public List<SnapshotId> snapshots() {
    return folder.snapshotSequences().stream().map(SnapshotId::new).toList();
  }

  @Override
  public void restore(SnapshotId id) {
    writerLock.lock();
    try {
      Path source = folder.snapshotDir(id.sequence());
      if (!Files.isDirectory(source)) {
        throw new IllegalArgumentException(
            "unknown snapshot " + id.sequence() + "; kept: " + folder.snapshotSequences());
      }
      try {
        folder.stageRestore(source);
      } catch (IOException e) {
        folder.abandonRestore();
        throw new ForklessException(
            "cannot prepare restore of snapshot " + id.sequence() + " in " + dataDir + ": " + e, e);
      }
      dbLock.writeLock().lock();
      try {
        Handles old = open();
        handles = null;
        old.close();
        folder.swapInStagedRestore();
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

  @Override
  public void close() {
    dbLock.writeLock().lock();
    try {
      if (handles != null) {
        handles.close();
        handles = null;
      }
      folder.release();
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

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
