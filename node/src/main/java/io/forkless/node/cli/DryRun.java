package io.forkless.node.cli;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationReport;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.upgrade.UpgradeActivation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dry run proper, on a store that is already a private copy: the plan's migrations one at a
 * time on one overlay (so each reports its own keys, validation, time and root), then the checks
 * the activation block makes (invariants of the old runtime on the old state against the new
 * runtime's on the migrated state; the state root must change when migrations ran). The overlay is
 * always discarded: even the copy is left as it was.
 */
/** The migrations run on the copy, one at a time so each reports its own root. */
final class DryRun {
  record Step(
      String name,
      long keysChanged,
      Duration duration,
      HashCode rootAfter,
      Optional<String> error) {}

  record Outcome(
      String from,
      String to,
      long height,
      HashCode rootBefore,
      HashCode rootAfter,
      List<Step> steps,
      Map<String, String> invariantsBefore,
      Map<String, String> invariantsAfter,
      Optional<String> failure) {
    boolean succeeded() {
      return failure.isEmpty();
    }
  }

  private final RocksStateStore store;
  private final BlockHeader head;
  private final LoadedRuntime active;
  private final LoadedRuntime next;
  private final StateMigrator migrator;
  private final MigrationPlan plan;

  DryRun(
      RocksStateStore store,
      BlockHeader head,
      LoadedRuntime active,
      LoadedRuntime next,
      StateMigrator migrator,
      MigrationPlan plan) {
    this.store = store;
    this.head = head;
    this.active = active;
    this.next = next;
    this.migrator = migrator;
    this.plan = plan;
  }

  Outcome execute(ProgressBars progress) {
    HashCode before = store.stateRoot();
    boolean migrated = UpgradeActivation.migrates(Optional.of(plan));
    Overlay base = store.overlay();
    // The activation migrates a child of the block's overlay; so does the dry run, with the same
    // unit's checks (UpgradeActivation), so its verdict is the activation's on this state.
    Overlay overlay = base.child();
    List<Step> steps = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    try {
      Map<String, String> invariantsBefore =
          ImmutableSortedMap.copyOf(
              UpgradeActivation.invariantsBefore(
                  active, StateMigrator.readOnlyView(base), migrated));
      for (String name : plan.migrationNames()) {
        MigrationPlan one =
            new MigrationPlan(plan.fromVersion(), plan.toVersion(), List.of(name), 0, false);
        long started = System.nanoTime();
        try {
          MigrationReport report = migrator.run(one, overlay, progress).get(0);
          steps.add(
              new Step(
                  name,
                  report.keysWritten(),
                  report.duration(),
                  store.previewRoot(overlay),
                  Optional.empty()));
        } catch (RuntimeException | LinkageError e) {
          steps.add(
              new Step(
                  name,
                  0,
                  elapsedSince(started),
                  store.previewRoot(overlay),
                  Optional.of(CliException.oneLine(UpgradeActivation.cause(e)))));
          failure = Optional.of("migration " + name + " failed");
          break;
        } finally {
          progress.finish(name);
        }
      }
      HashCode after = store.previewRoot(overlay);
      Map<String, String> invariantsAfter = Map.of();
      if (failure.isEmpty()) {
        // The activation's own checks; after a failed migration, the activation stops too.
        try {
          invariantsAfter =
              ImmutableSortedMap.copyOf(
                  UpgradeActivation.check(next, invariantsBefore, overlay, migrated));
        } catch (RuntimeException | LinkageError e) {
          failure = Optional.of(CliException.oneLine(UpgradeActivation.cause(e)));
        }
      }
      return new Outcome(
          active.version().toString(),
          next.version().toString(),
          head.height(),
          before,
          after,
          List.copyOf(steps),
          invariantsBefore,
          invariantsAfter,
          failure);
    } finally {
      overlay.discard();
      base.discard();
    }
  }

  private static Duration elapsedSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
