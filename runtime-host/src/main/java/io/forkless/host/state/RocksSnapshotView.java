package io.forkless.host.state;

import io.forkless.host.ForklessException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The state column of one RocksDB checkpoint (a snapshot folder), opened read-only. */
final class RocksSnapshotView implements SnapshotView {

  private final DBOptions dbOptions = new DBOptions();
  private final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  // Scans may run on several threads at once (a migration's validation beside the invariants).
  private final Lock lock = new ReentrantReadWriteLock().readLock();
  private final RocksDB db;
  private boolean closed;

  /**
   * @throws ForklessException if the checkpoint cannot be opened (then the snapshot is damaged)
   */
  RocksSnapshotView(Path checkpoint) {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : List.of("default", "state", "chain", "meta")) {
      descriptors.add(
          new ColumnFamilyDescriptor(
              name.equals("default")
                  ? RocksDB.DEFAULT_COLUMN_FAMILY
                  : name.getBytes(StandardCharsets.UTF_8),
              cfOptions));
    }
    try {
      db = RocksDB.openReadOnly(dbOptions, checkpoint.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      cfOptions.close();
      throw new ForklessException(
          "snapshot " + checkpoint + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    try {
      return Optional.ofNullable(db.get(handles.get(1), key));
    } catch (RocksDBException e) {
      throw new ForklessException("snapshot read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
    try (RocksKvIterator it = new RocksKvIterator(db, handles.get(1), prefix, lock)) {
      for (; it.valid(); it.next()) {
        action.accept(it.key(), it.value());
      }
    }
  }

  @Override
  public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
    byte[] from =
        after.length == 0 ? prefix : Bytes.ORDER.compare(after, prefix) < 0 ? prefix : after;
    try (RocksKvIterator it = new RocksKvIterator(db, handles.get(1), prefix, from, lock)) {
      for (; it.valid(); it.next()) {
        byte[] key = it.key();
        if (after.length > 0 && Bytes.ORDER.compare(key, after) <= 0) {
          continue;
        }
        if (!action.test(key, it.value())) {
          return;
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      dbOptions.close();
      cfOptions.close();
    }
  }
}
