package io.forkless.host.state;

import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * A prefix scan over one RocksDB column family, seeing the database as of its creation (RocksDB
 * iterators pin an implicit snapshot). Holds {@code readLock} from creation to close, so a restore
 * cannot free the native handles under it.
 */
final class RocksKvIterator implements KvIterator {

  private final byte[] prefix;
  private final Lock readLock;
  private final ReadOptions readOptions;
  private final RocksIterator it;
  private byte @Nullable [] key;
  private boolean closed;

  RocksKvIterator(RocksDB db, ColumnFamilyHandle cf, byte[] prefix, Lock readLock) {
    this(db, cf, prefix, prefix, readLock);
  }

  /** Starts at the first key with {@code prefix} not less than {@code from}. */
  RocksKvIterator(RocksDB db, ColumnFamilyHandle cf, byte[] prefix, byte[] from, Lock readLock) {
    this.prefix = prefix.clone();
    this.readLock = readLock;
    readLock.lock();
    this.readOptions = new ReadOptions();
    this.it = db.newIterator(cf, readOptions);
    it.seek(from);
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
      readLock.unlock();
    }
  }
}
