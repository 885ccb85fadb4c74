package io.forkless.host.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link StateStore} in memory, for tests. Behaves like {@link RocksStateStore} except that
 * snapshots copy the data (O(state size)) and nothing survives the process.
 */
public final class MemoryStateStore extends AbstractStateStore {

  private record Image(
      NavigableMap<byte[], byte[]> state, NavigableMap<byte[], byte[]> chain, LtHash hash) {
    Image copy() {
      NavigableMap<byte[], byte[]> s = new TreeMap<>(Bytes.ORDER);
      s.putAll(state);
      NavigableMap<byte[], byte[]> c = new TreeMap<>(Bytes.ORDER);
      c.putAll(chain);
      return new Image(s, c, hash.copy());
    }
  }

  private final StoreOptions options;
  private final Object data = new Object();
  private NavigableMap<byte[], byte[]> state = new TreeMap<>(Bytes.ORDER);
  private NavigableMap<byte[], byte[]> chain = new TreeMap<>(Bytes.ORDER);
  private final LinkedHashMap<Long, Image> snapshots = new LinkedHashMap<>();
  private long nextSnapshot;

  private MemoryStateStore(StoreOptions options) {
    this.options = options;
  }

  /** An empty store. */
  public static MemoryStateStore create(StoreOptions options) {
    return new MemoryStateStore(options);
  }

  /** An empty store with {@link StoreOptions#defaults()}. */
  public static MemoryStateStore create() {
    return create(StoreOptions.defaults());
  }

  @Override
  protected ReadLayer committedLayer() {
    return new ReadLayer() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        synchronized (data) {
          return Optional.ofNullable(state.get(key)).map(byte[]::clone);
        }
      }

      @Override
      public KvIterator iterate(byte[] prefix) {
        return iterateAfter(prefix, new byte[0]);
      }

      @Override
      public KvIterator iterateAfter(byte[] prefix, byte[] after) {
        List<Map.Entry<byte[], byte[]>> copy = new ArrayList<>();
        synchronized (data) {
          for (Map.Entry<byte[], byte[]> e :
              state.tailMap(KvIterators.seekTarget(prefix, after), true).entrySet()) {
            if (!KvIterators.isAfter(e.getKey(), after)) {
              continue;
            }
            if (!Bytes.startsWith(e.getKey(), prefix)) {
              break;
            }
            copy.add(e);
          }
        }
        return new ListIterator(copy);
      }
    };
  }

  @Override
  protected void write(StagedCommit staged, ChainWrites chainWrites) {
    synchronized (data) {
      staged
          .overlay()
          .forEachWrite(
              (k, v) -> {
                if (v == null) {
                  state.remove(k);
                } else {
                  state.put(k, v);
                }
              });
      chainWrites.puts().forEach(e -> chain.put(e.getKey(), e.getValue()));
    }
  }

  @Override
  public Optional<byte[]> chainGet(byte[] key) {
    synchronized (data) {
      return Optional.ofNullable(chain.get(key)).map(byte[]::clone);
    }
  }

  @Override
  public SnapshotId snapshot() {
    writerLock.lock();
    try {
      long id = nextSnapshot++;
      synchronized (data) {
        snapshots.put(id, new Image(state, chain, hash).copy());
      }
      while (snapshots.size() > options.maxSnapshots()) {
        snapshots.remove(snapshots.keySet().iterator().next());
      }
      return new SnapshotId(id);
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public void releaseSnapshot(SnapshotId id) {
    writerLock.lock();
    try {
      snapshots.remove(id.sequence());
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public List<SnapshotId> snapshots() {
    writerLock.lock();
    try {
      return snapshots.keySet().stream().map(SnapshotId::new).toList();
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public void restore(SnapshotId id) {
    writerLock.lock();
    try {
      Image image = snapshots.get(id.sequence());
      if (image == null) {
        throw new IllegalArgumentException(
            "unknown snapshot " + id.sequence() + "; kept: " + snapshots.keySet());
      }
      Image copy = image.copy();
      synchronized (data) {
        state = copy.state();
        chain = copy.chain();
      }
      hash = copy.hash();
      generation++;
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  protected KvIterator snapshotIterator(SnapshotId id) {
    Image image = snapshots.get(id.sequence());
    if (image == null) {
      throw new IllegalArgumentException(
          "unknown snapshot " + id.sequence() + "; kept: " + snapshots.keySet());
    }
    return new ListIterator(new ArrayList<>(image.state().entrySet()));
  }

  @Override
  public SnapshotView openSnapshot(SnapshotId id) {
    Image image = snapshots.get(id.sequence());
    if (image == null) {
      throw new IllegalArgumentException(
          "unknown snapshot " + id.sequence() + "; kept: " + snapshots.keySet());
    }
    NavigableMap<byte[], byte[]> frozen = image.state();
    return new SnapshotView() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return Optional.ofNullable(frozen.get(key)).map(byte[]::clone);
      }

      @Override
      public void scan(byte[] prefix, java.util.function.BiConsumer<byte[], byte[]> action) {
        for (Map.Entry<byte[], byte[]> e : frozen.tailMap(prefix, true).entrySet()) {
          if (!Bytes.startsWith(e.getKey(), prefix)) {
            break;
          }
          action.accept(e.getKey().clone(), e.getValue().clone());
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
