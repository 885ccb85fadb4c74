package io.forkless.host.state;

import io.forkless.host.ForklessException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
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

/**
 * The native handles of an open {@link RocksStateStore}: the database with its column families
 * {@code state}, {@code chain} and {@code meta} and their options, opened (or created) together and
 * closed together; and the translation of RocksDB's errors into the store's exceptions.
 */
record RocksHandles(
    RocksDB db,
    DBOptions dbOptions,
    ColumnFamilyOptions cfOptions,
    LRUCache cache,
    BloomFilter filter,
    List<ColumnFamilyHandle> all,
    ColumnFamilyHandle state,
    ColumnFamilyHandle chain,
    ColumnFamilyHandle meta) {

  private static final long BLOCK_CACHE_BYTES = 128L * 1024 * 1024;
  private static final String FORMAT = "forkless-state-store format 1\n";
  private static final byte[] META_HASH = RocksStateStore.META_HASH;
  private static final byte[] META_FORMAT = "format".getBytes(StandardCharsets.US_ASCII);

  void close() {
    all.forEach(ColumnFamilyHandle::close);
    db.close();
    dbOptions.close();
    cfOptions.close();
    cache.close();
    filter.close();
  }

  static RocksHandles open(Path db, boolean create, Path dataDir) {
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
      throw translate(e, dataDir);
    }
    RocksHandles h =
        new RocksHandles(
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
      throw e instanceof RocksDBException re ? translate(re, dataDir) : (RuntimeException) e;
    }
    return h;
  }

  static RuntimeException translate(RocksDBException e, Path dataDir) {
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

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
