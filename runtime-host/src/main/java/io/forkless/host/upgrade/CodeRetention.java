package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.state.StateStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stays loaded and kept: the active runtime, the pending upgrade's, and the previous runtime
 * and rollback snapshot of every upgrade the chain state retains; everything else is released.
 * Called under the coordinator's lock.
 */
final class CodeRetention {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  private final StateStore store;
  private final RuntimeRegistry registry;
  private final RollbackSnapshots snapshots;

  CodeRetention(StateStore store, RuntimeRegistry registry, RollbackSnapshots snapshots) {
    this.store = store;
    this.registry = registry;
    this.snapshots = snapshots;
  }

  /**
   * At start: re-loads the retained upgrades' previous runtimes, re-adopts their snapshots.
   *
   * @return the next upgrade id for upgrades without a proposal id
   */
  long readopt(RuntimeSchedule schedule) {
    List<RetainedUpgrade> retained = LifecycleRecords.retained(store.committed());
    long nextId = retained.stream().mapToLong(RetainedUpgrade::upgradeId).max().orElse(0) + 1;
    for (RetainedUpgrade u : retained) {
      schedule.preload(u);
    }
    int kept =
        snapshots.releaseUnreferenced(retained, FailingBack.holdingSnapshot(store.committed()));
    if (!retained.isEmpty()) {
      log.info(
          "Re-adopted {} retained upgrade(s) {} with {} rollback snapshot(s)",
          retained.size(),
          retained.stream().map(RetainedUpgrade::upgradeId).toList(),
          kept);
    }
    return nextId;
  }

  /** Releases the snapshots and runtimes that no retained upgrade needs any more. */
  void releaseUnretained(
      LoadedRuntime active, @Nullable PendingUpgrade pending, List<UpgradeRecord> history) {
    List<RetainedUpgrade> retained = LifecycleRecords.retained(store.committed());
    snapshots.releaseUnreferenced(retained, FailingBack.holdingSnapshot(store.committed()));
    Set<HashCode> keep = new HashSet<>();
    keep.add(active.codeHash());
    retained.forEach(u -> keep.add(u.previousCodeHash()));
    PendingUpgrade p = pending;
    if (p != null) {
      keep.add(p.staged().codeHash());
    }
    for (UpgradeRecord r : history) {
      if (!keep.contains(r.codeHash()) && registry.loaded(r.codeHash()).isPresent()) {
        registry.release(r.codeHash());
      }
    }
  }

  /** Releases a dropped pending upgrade's plugins and, unless still needed, its runtime. */
  void release(PendingUpgrade p, LoadedRuntime active) {
    p.plugins().forEach(LoadedMigrationPlugin::close);
    boolean retained =
        LifecycleRecords.retained(store.committed()).stream()
            .anyMatch(u -> u.previousCodeHash().equals(p.staged().codeHash()));
    if (p.staged() != active && !retained) {
      registry.release(p.staged().codeHash());
    }
  }
}
