package io.forkless.host.state;

import com.google.common.hash.HashCode;
import io.forkless.api.State;
import io.forkless.api.StateView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** What both stores share: overlays, incremental root staging, the committed view. */
abstract class AbstractStateStore implements StateStore {

  /** Serializes commits, snapshots and restores. */
  protected final Lock writerLock = new ReentrantLock();

  /** Bumped by every commit and restore; overlays made before are stale. */
  protected volatile long generation;

  /** The committed lattice hash; guarded by {@link #writerLock} for writes. */
  protected volatile LtHash hash = LtHash.empty();

  protected abstract ReadLayer committedLayer();

  /**
   * The state entries of a snapshot in key order.
   *
   * @throws IllegalArgumentException if the snapshot is unknown
   */
  protected abstract KvIterator snapshotIterator(SnapshotId id);

  @Override
  public long writeSnapshotDiff(SnapshotId id, State target, Predicate<byte[]> include) {
    writerLock.lock();
    try (KvIterator old = snapshotIterator(id);
        KvIterator now = committedLayer().iterate(new byte[0])) {
      long written = 0;
      while (old.valid() || now.valid()) {
        int order =
            !old.valid() ? 1 : !now.valid() ? -1 : Bytes.ORDER.compare(old.key(), now.key());
        if (order < 0) {
          // Only in the snapshot: put it back.
          if (include.test(old.key())) {
            target.put(old.key().clone(), old.value().clone());
            written++;
          }
          old.next();
        } else if (order > 0) {
          // Written since: delete it.
          if (include.test(now.key())) {
            target.delete(now.key().clone());
            written++;
          }
          now.next();
        } else {
          if (include.test(now.key()) && !Arrays.equals(old.value(), now.value())) {
            target.put(old.key().clone(), old.value().clone());
            written++;
          }
          old.next();
          now.next();
        }
      }
      return written;
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public Overlay overlay() {
    return new Overlay(committedLayer(), this, generation);
  }

  @Override
  public StateView committed() {
    ReadLayer layer = committedLayer();
    return new StateView() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return layer.get(key);
      }

      @Override
      public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
        try (KvIterator it = layer.iterate(prefix)) {
          for (; it.valid(); it.next()) {
            action.accept(it.key().clone(), it.value().clone());
          }
        }
      }
    };
  }

  @Override
  public HashCode stateRoot() {
    return hash.root();
  }

  @Override
  public HashCode recomputeStateRoot() {
    LtHash fresh = LtHash.empty();
    try (KvIterator it = committedLayer().iterate(new byte[0])) {
      for (; it.valid(); it.next()) {
        fresh.add(it.key(), it.value());
      }
    }
    return fresh.root();
  }

  @Override
  public StagedCommit stage(Overlay overlay) {
    checkUsable(overlay);
    return new StagedCommit(overlay, hashWith(overlay));
  }

  @Override
  public HashCode previewRoot(Overlay overlay) {
    if (overlay.owner() != this) {
      throw new IllegalArgumentException("overlay belongs to another store");
    }
    return hashWith(overlay).root();
  }

  /**
   * The committed hash updated with the overlay's (and its ancestors') writes: one read per key.
   */
  private LtHash hashWith(Overlay overlay) {
    LtHash next = hash.copy();
    List<byte[]> keys = new ArrayList<>(overlay.writeCount());
    List<byte @Nullable []> values = new ArrayList<>(overlay.writeCount());
    overlay.forEachEffectiveWrite(
        (key, value) -> {
          keys.add(key);
          values.add(value);
        });
    List<byte @Nullable []> olds = readCommitted(keys);
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i);
      byte[] old = olds.get(i);
      byte[] value = values.get(i);
      if (old != null && value != null && Arrays.equals(old, value)) {
        continue;
      }
      if (old != null) {
        next.remove(key, old);
      }
      if (value != null) {
        next.add(key, value);
      }
    }
    return next;
  }

  /**
   * The committed values of {@code keys} (null when absent), in order. Stores override this to
   * batch the reads: it is the one read per written key that the incremental root needs.
   */
  protected List<byte @Nullable []> readCommitted(List<byte[]> keys) {
    ReadLayer committed = committedLayer();
    List<byte @Nullable []> out = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      out.add(committed.get(key).orElse(null));
    }
    return out;
  }

  @Override
  public void commit(StagedCommit staged, ChainWrites chainWrites) {
    writerLock.lock();
    try {
      checkUsable(staged.overlay());
      if (staged.isOutdated()) {
        throw new IllegalStateException(
            "the overlay was written after it was staged: stage it again before committing");
      }
      write(staged, chainWrites);
      hash = staged.newHash();
      generation++;
      staged.overlay().markCommitted();
    } finally {
      writerLock.unlock();
    }
  }

  /** Writes the batch atomically; called under {@link #writerLock}. */
  protected abstract void write(StagedCommit staged, ChainWrites chainWrites);

  private void checkUsable(Overlay overlay) {
    if (overlay.owner() != this) {
      throw new IllegalArgumentException("overlay belongs to another store");
    }
    if (!overlay.isTopLevel()) {
      throw new IllegalArgumentException(
          "only a top-level overlay can be committed; merge a child into its parent first");
    }
    if (overlay.isClosed()) {
      throw new IllegalStateException("overlay is closed (committed, merged or discarded)");
    }
    if (overlay.generation() != generation) {
      throw new IllegalStateException(
          "store changed since the overlay was made (generation "
              + overlay.generation()
              + " but store is at "
              + generation
              + "): execute again on a fresh overlay");
    }
  }
}
