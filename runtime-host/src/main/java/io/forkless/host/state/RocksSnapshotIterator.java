package io.forkless.host.state;

import io.forkless.host.ForklessException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The state entries of one RocksDB checkpoint (a snapshot folder), opened read-only for as long as
 * the iterator lives: a forward rollback streams them against the live state.
 */
final class RocksSnapshotIterator implements KvIterator {

  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final List<ColumnFamilyHandle> handles;
  private final RocksDB db;
  private final RocksKvIterator it;

  private RocksSnapshotIterator(
      DBOptions dbOptions,
      ColumnFamilyOptions cfOptions,
      List<ColumnFamilyHandle> handles,
      RocksDB db) {
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.handles = handles;
    this.db = db;
    this.it = new RocksKvIterator(db, handles.get(1), new byte[0], new ReentrantLock());
  }

  /**
   * @throws ForklessException if the checkpoint cannot be opened (then the snapshot is damaged)
   */
  static RocksSnapshotIterator open(Path checkpoint) {
    DBOptions dbOptions = new DBOptions();
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : List.of("default", "state", "chain", "meta")) {
      descriptors.add(
          new ColumnFamilyDescriptor(
              name.equals("default")
                  ? RocksDB.DEFAULT_COLUMN_FAMILY
                  : name.getBytes(StandardCharsets.UTF_8),
              cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.openReadOnly(dbOptions, checkpoint.toString(), descriptors, handles);
      return new RocksSnapshotIterator(dbOptions, cfOptions, handles, db);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      cfOptions.close();
      throw new ForklessException(
          "snapshot " + checkpoint + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean valid() {
    return it.valid();
  }

  @Override
  public byte[] key() {
    return it.key();
  }

  @Override
  public byte[] value() {
    return it.value();
  }

  @Override
  public void next() {
    it.next();
  }

  @Override
  public void close() {
    it.close();
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    dbOptions.close();
    cfOptions.close();
  }
}
