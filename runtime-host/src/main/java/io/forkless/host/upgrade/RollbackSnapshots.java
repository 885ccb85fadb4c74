package io.forkless.host.upgrade;

import com.google.common.primitives.Longs;
import io.forkless.host.ForklessException;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.StateStore;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-upgrade snapshots kept for rollback: prepared off the critical path, taken at the
 * activation, found again by upgrade id after a restart (the id of each is a chain record written
 * in the activation block's batch), and released once no retained upgrade names them.
 *
 * <p>Its one background thread is stopped by {@link #close()} (with the host).
 */
final class RollbackSnapshots implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RollbackSnapshots.class);

  private final StateStore store;
  private final ExecutorService snapshotter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "forkless-upgrade-snapshot");
            t.setDaemon(true);
            return t;
          });

  private @Nullable Future<SnapshotId> prepared;
  private long preparedFor = -1;

  RollbackSnapshots(StateStore store) {
    this.store = store;
  }

  /**
   * Starts the snapshot of the state after the block at {@code height - 1}, right after that block
   * committed: it flushes RocksDB's memtable, which would otherwise be the largest part of the
   * activation block. State changes only at commits and the activation block waits for it, so it is
   * exactly the pre-upgrade state.
   */
  synchronized void prepareFor(long height) {
    discardPrepared();
    prepared = snapshotter.submit(store::snapshot);
    preparedFor = height;
  }

  /**
   * The snapshot of the committed state for the activation at {@code height}, without waiting: the
   * prepared one, or one started now in the background. The block may run meanwhile; it must {@link
   * PendingSnapshot#get} it before it commits.
   */
  synchronized PendingSnapshot pendingFor(long height) {
    Future<SnapshotId> ready = prepared;
    boolean usable = ready != null && preparedFor == height;
    prepared = null;
    preparedFor = -1;
    if (!usable) {
      if (ready != null) {
        releaseWhenDone(ready);
      }
      ready = snapshotter.submit(store::snapshot);
    }
    return new PendingSnapshot(store, this, ready, null);
  }

  synchronized void discardPrepared() {
    Future<SnapshotId> stale = prepared;
    prepared = null;
    preparedFor = -1;
    if (stale != null) {
      releaseWhenDone(stale);
    }
  }

  void releaseWhenDone(Future<SnapshotId> future) {
    snapshotter.execute(
        () -> {
          try {
            store.releaseSnapshot(future.get());
          } catch (ExecutionException | InterruptedException | RuntimeException e) {
            // Nothing to release: the snapshot was never taken.
          }
        });
  }

  void release(SnapshotId id) {
    store.releaseSnapshot(id);
  }

  /** The snapshot this node took just before upgrade {@code upgradeId}, if it still has it. */
  Optional<SnapshotId> of(long upgradeId) {
    Optional<SnapshotId> id =
        store
            .chainGet(LifecycleRecords.snapshotKey(upgradeId))
            .map(b -> new SnapshotId(Longs.fromByteArray(b)));
    return id.filter(s -> store.snapshots().contains(s));
  }

  /**
   * Releases every snapshot that no retained upgrade (nor the running migration) names (those of
   * upgrades pruned or rolled back, or left by a crash between a snapshot and its activation
   * block's commit), except the one prepared for the next activation.
   *
   * @return the snapshots kept, one per retained upgrade this node has a snapshot for
   */
  synchronized int releaseUnreferenced(
      List<RetainedUpgrade> retained, Optional<MigratingUpgrade> migrating) {
    Set<SnapshotId> keep = new HashSet<>();
    for (RetainedUpgrade u : retained) {
      of(u.upgradeId()).ifPresent(keep::add);
    }
    int kept = keep.size();
    // The running migration's snapshot: its failure or cancel returns to it.
    migrating.flatMap(m -> of(m.upgradeId())).ifPresent(keep::add);
    if (prepared != null) {
      return kept;
    }
    for (SnapshotId id : store.snapshots()) {
      if (!keep.contains(id)) {
        log.info("Released snapshot {}: no retained upgrade needs it", id.sequence());
        store.releaseSnapshot(id);
      }
    }
    return kept;
  }

  /** The committed head block (for logs and events). */
  Block head() {
    long height = Chain.storedHeadHeight(store).orElse(0L);
    return Chain.storedBlock(store, height)
        .orElseThrow(() -> new ForklessException("head block " + height + " is not stored"));
  }

  @Override
  public void close() {
    snapshotter.shutdownNow();
  }
}
