package io.forkless.host.upgrade;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.api.MigrationPlan;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationProgress;
import io.forkless.host.migration.MigrationReport;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.Overlay;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade's activation inside its block: automatic snapshot (of the state after the previous
 * block) → the pause a plan may require → the activation unit ({@link UpgradeActivation}: the
 * plan's migrations on a child overlay, their validation, the invariants, {@code
 * validatePostUpgrade}) → merge into the block, with the retained-upgrade and runtime records. Any
 * failure before the merge discards the migration's writes and releases the snapshot.
 */
final class ActivationStep {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  private final RollbackSnapshots snapshots;
  private final ProductionControl production;
  private final List<MigrationProgress> progressListeners;
  private final int maxRetained;
  private volatile boolean migrationPause;

  ActivationStep(
      RollbackSnapshots snapshots,
      ProductionControl production,
      List<MigrationProgress> progressListeners,
      int maxRetained) {
    this.snapshots = snapshots;
    this.production = production;
    this.progressListeners = progressListeners;
    this.maxRetained = maxRetained;
  }

  /** What to do when the activation failed: forget the pending upgrade, then report it. */
  interface OnFailure {
    void failed(PendingUpgrade p, String cause);
  }

  /**
   * Activates {@code p} on {@code blockOverlay}.
   *
   * @return the executing upgrade, or null when it failed ({@code onFailure} was told why)
   */
  @Nullable ExecutingUpgrade run(
      BlockContext ctx,
      Overlay blockOverlay,
      PendingUpgrade p,
      LoadedRuntime active,
      OnFailure onFailure) {
    Stopwatch activation = Stopwatch.createStarted();
    // Not waited for here: the state changes only at the commit, before which the chain records
    // (which name the snapshot) wait for it.
    PendingSnapshot snapshot = snapshots.pendingFor(ctx.height());
    HashCode oldRoot = snapshots.head().header().stateRoot();
    boolean pause = p.plan().map(MigrationPlan::requiresPause).orElse(false);
    Overlay upgrade = blockOverlay.child();
    try {
      if (pause) {
        migrationPause = true;
        production.pause();
        log.info("Block production paused for the migrations of upgrade {}", p.record().id());
      }
      Duration snapshotTime = activation.elapsed();
      Stopwatch migration = Stopwatch.createStarted();
      List<MigrationReport> reports =
          UpgradeActivation.run(
              active,
              p.staged(),
              p.plan(),
              p.migrator(),
              StateMigrator.readOnlyView(blockOverlay),
              upgrade,
              progressFor(p));
      Duration migrationTime = migration.elapsed();
      log.info(
          "Upgrade {} at height {}: snapshot {} ms, migrations and validation {} ms, roots {} ms",
          p.record().id(),
          ctx.height(),
          snapshotTime.toMillis(),
          migrationTime.toMillis(),
          (activation.elapsed().minus(snapshotTime).minus(migrationTime)).toMillis());
      upgrade.mergeIntoParent();
      swap(
          blockOverlay,
          new RetainedUpgrade(
              p.record().id(),
              ctx.height(),
              active.version(),
              active.codeHash(),
              p.staged().version(),
              p.staged().codeHash()),
          maxRetained);
      UpgradeExecuted event =
          new UpgradeExecuted(
              p.record().id(),
              p.record().from(),
              p.record().to(),
              p.record().codeHash(),
              ctx.height(),
              oldRoot,
              oldRoot,
              migrationTime,
              p.plan().map(MigrationPlan::estimatedDurationSecs).orElse(0L),
              ImmutableList.copyOf(reports));
      return new ExecutingUpgrade(p, snapshot, event, activation.elapsed());
    } catch (RuntimeException | LinkageError e) {
      // A runtime or migration may throw anything, even a linkage error from its own code: all of
      // it is this upgrade's failure, never the chain's.
      upgrade.discard();
      snapshot.release();
      onFailure.failed(p, UpgradeActivation.cause(e));
      return null;
    } finally {
      if (pause) {
        migrationPause = false;
        production.resume();
        log.info("Block production resumed after the migrations of upgrade {}", p.record().id());
      }
    }
  }

  /**
   * The swap in chain state: {@code u} joins the retained upgrades (the oldest beyond {@code
   * maxRetained} dropped) and its runtime runs the blocks from here on.
   */
  static void swap(Overlay blockOverlay, RetainedUpgrade u, int maxRetained) {
    List<RetainedUpgrade> retained = new ArrayList<>(LifecycleRecords.retained(blockOverlay));
    retained.add(u);
    while (retained.size() > maxRetained) {
      retained.remove(0);
    }
    LifecycleRecords.putRetained(blockOverlay, retained);
    LifecycleRecords.putActiveRuntime(blockOverlay, u.upgradedVersion(), u.upgradedCodeHash());
  }

  /** True while block production is paused for a migration ({@code requiresPause}). */
  boolean pausedForMigration() {
    return migrationPause;
  }

  MigrationProgress progressFor(PendingUpgrade p) {
    long estimate = p.plan().map(MigrationPlan::estimatedDurationSecs).orElse(0L);
    return (name, done, total) -> {
      for (MigrationProgress listener : progressListeners) {
        listener.progress(name, done, total);
      }
      if (total > 0 && done % 100_000 == 0) {
        log.info(
            "Migration '{}' of upgrade {}: {} of {} keys (estimated {} s in all)",
            name,
            p.record().id(),
            done,
            total,
            estimate);
      }
    };
  }
}
