package io.forkless.host.upgrade;

import io.forkless.host.ForklessException;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.StateStore;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-upgrade snapshot of an activation block, possibly still being taken in the background.
 * The state changes only when a block commits, so the activation block runs while the checkpoint
 * completes and waits for it ({@link #get}) only when it needs its id: in its chain records, just
 * before the commit. Used on the block thread only.
 */
final class PendingSnapshot {

  private static final Logger log = LoggerFactory.getLogger(RollbackSnapshots.class);

  private final StateStore store;
  private final RollbackSnapshots snapshots;
  private @Nullable Future<SnapshotId> future;
  private @Nullable SnapshotId id;

  PendingSnapshot(
      StateStore store,
      RollbackSnapshots snapshots,
      @Nullable Future<SnapshotId> future,
      @Nullable SnapshotId id) {
    this.store = store;
    this.snapshots = snapshots;
    this.future = future;
    this.id = id;
  }

  /** The snapshot, waiting for it if it is still being taken (taking it now if that failed). */
  SnapshotId get() {
    if (id == null) {
      Future<SnapshotId> f = future;
      future = null;
      try {
        id = f == null ? store.snapshot() : f.get();
      } catch (ExecutionException e) {
        log.warn("Pre-upgrade snapshot failed ({}); taking it now", e.getCause().toString());
        id = store.snapshot();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ForklessException("interrupted while waiting for the pre-upgrade snapshot", e);
      }
    }
    return id;
  }

  /** Releases the snapshot, waiting for it first if it is still being taken (a failure is rare). */
  void release() {
    Future<SnapshotId> f = future;
    future = null;
    if (id == null && f != null) {
      try {
        id = f.get();
      } catch (ExecutionException e) {
        return; // never taken: nothing to release
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        snapshots.releaseWhenDone(f);
        return;
      }
    }
    if (id != null) {
      snapshots.release(id);
    }
  }
}
