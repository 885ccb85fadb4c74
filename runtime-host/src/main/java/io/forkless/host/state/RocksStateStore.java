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
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
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
  static final byte[] META_HASH = "lthash".getBytes(StandardCharsets.US_ASCII);

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

  private @Nullable RocksHandles handles;

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

  private LtHash readHash() {
    byte[] vector = read(h -> h.db().get(h.meta(), META_HASH));
    if (vector == null || vector.length != LtHash.BYTES) {
      throw new CorruptDataFolderException(
          dataDir, "the state-root vector is missing or truncated");
    }
    return LtHash.fromBytes(vector);
  }

  private RuntimeException translate(RocksDBException e) {
    return RocksHandles.translate(e, dataDir);
  }

  private RocksHandles openDb(boolean create) {
    return RocksHandles.open(folder.db(), create, dataDir);
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
          RocksHandles h = open();
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
          RocksHandles h = open();
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
      RocksHandles h = open();
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
      RocksHandles h = open();
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
  protected KvIterator snapshotIterator(SnapshotId id) {
    Path dir = folder.snapshotDir(id.sequence());
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "unknown snapshot " + id.sequence() + "; kept: " + folder.snapshotSequences());
    }
    return RocksSnapshotIterator.open(dir);
  }

  @Override
  public SnapshotView openSnapshot(SnapshotId id) {
    Path dir = folder.snapshotDir(id.sequence());
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "unknown snapshot " + id.sequence() + "; kept: " + folder.snapshotSequences());
    }
    return new RocksSnapshotView(dir);
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
        RocksHandles old = open();
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
      RocksHandles h = open();
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
    @Nullable T read(RocksHandles h) throws RocksDBException;
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

  private RocksHandles open() {
    RocksHandles h = handles;
    if (h == null) {
      throw new IllegalStateException("state store on " + dataDir + " is closed");
    }
    return h;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
