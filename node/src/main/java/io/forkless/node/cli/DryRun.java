package io.forkless.node.cli;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.metering.StepShare;
import io.forkless.host.migration.MigrationEvent;
import io.forkless.host.migration.MigrationFailedException;
import io.forkless.host.migration.MigrationProgress;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.upgrade.UpgradeActivation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dry run proper, on a store that is already a private copy. Each migration of the plan runs
 * block by block at the chain's step budget, exactly as the activation would run it ({@link
 * SteppedMigrationDriver}; a plain migration takes one block), then its {@code validate}; then the
 * checks the activation makes (invariants of the old runtime on the old state against the new
 * runtime's on the migrated state; the root must change when migrations ran). Then the whole plan
 * runs a second time from the same state: a migration that is deterministic and keeps nothing
 * between calls gives the same root again, so a differing root names a migration that would make
 * nodes disagree. The overlays are always discarded: even the copy is left as it was.
 */
final class DryRun {

  /** At most this many blocks per migration before the dry run calls it endless. */
  static final long MAX_BLOCKS = 10_000_000;

  record Step(
      String name,
      long keysChanged,
      Duration duration,
      long blocks,
      long largestStepKeys,
      Duration largestStep,
      HashCode rootAfter,
      Optional<String> error) {}

  record Outcome(
      String from,
      String to,
      long height,
      StepBudget budget,
      long stepShare,
      HashCode rootBefore,
      HashCode rootAfter,
      List<Step> steps,
      Map<String, String> invariantsBefore,
      Map<String, String> invariantsAfter,
      Optional<Boolean> idempotent,
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
  private final StepBudget budget;

  DryRun(
      RocksStateStore store,
      BlockHeader head,
      LoadedRuntime active,
      LoadedRuntime next,
      StateMigrator migrator,
      MigrationPlan plan,
      StepBudget budget) {
    this.store = store;
    this.head = head;
    this.active = active;
    this.next = next;
    this.migrator = migrator;
    this.plan = plan;
    this.budget = budget;
  }

  Outcome execute(ProgressBars progress) {
    HashCode before = store.stateRoot();
    boolean migrated = UpgradeActivation.migrates(Optional.of(plan));
    Overlay base = store.overlay();
    // The activation migrates a child of the block's overlay; so does the dry run, with the same
    // unit's checks (UpgradeActivation), so its verdict is the activation's on this state.
    Overlay overlay = base.child();
    try {
      Map<String, String> invariantsBefore =
          ImmutableSortedMap.copyOf(
              UpgradeActivation.invariantsBefore(
                  active, StateMigrator.readOnlyView(base), migrated));
      List<Step> steps = pass(overlay, progress);
      Optional<String> failure =
          steps.stream()
              .filter(s -> s.error().isPresent())
              .findFirst()
              .map(s -> "migration " + s.name() + " failed");
      HashCode after = store.previewRoot(overlay);
      Map<String, String> invariantsAfter = Map.of();
      Optional<Boolean> idempotent = Optional.empty();
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
      if (failure.isEmpty() && !steps.isEmpty()) {
        Optional<String> differs = secondRunDiffers(steps);
        idempotent = Optional.of(differs.isEmpty());
        failure = differs;
      }
      return new Outcome(
          active.version().toString(),
          next.version().toString(),
          head.height(),
          budget,
          // The chain's metered step share in the checkpoint's state (the driver reads it there).
          StepShare.of(MeteringParameters.read(base)).share(),
          before,
          after,
          List.copyOf(steps),
          invariantsBefore,
          invariantsAfter,
          idempotent,
          failure);
    } finally {
      overlay.discard();
      base.discard();
    }
  }

  /**
   * Runs the plan again from the committed state and names the first migration whose root differs.
   */
  private Optional<String> secondRunDiffers(List<Step> first) {
    Overlay again = store.overlay();
    try {
      List<Step> second = pass(again, MigrationProgress.NONE);
      for (int i = 0; i < first.size(); i++) {
        Step a = first.get(i);
        Step b = second.get(i);
        if (b.error().isPresent()) {
          return Optional.of(
              "migration "
                  + a.name()
                  + " is not idempotent: it succeeded on the first run from this state and failed"
                  + " on the second ("
                  + b.error().get()
                  + "); a migration must be deterministic and keep nothing between calls");
        }
        if (!a.rootAfter().equals(b.rootAfter())) {
          return Optional.of(
              "migration "
                  + a.name()
                  + " is not idempotent: two runs from the same state gave state roots "
                  + a.rootAfter()
                  + " and "
                  + b.rootAfter()
                  + "; a migration must be deterministic and keep nothing between calls");
        }
      }
      return Optional.empty();
    } finally {
      again.discard();
    }
  }

  /** Every migration of the plan in turn on {@code overlay}; stops at the first failure. */
  private List<Step> pass(Overlay overlay, MigrationProgress progress) {
    List<Step> steps = new ArrayList<>();
    for (String name : plan.migrationNames()) {
      Step step = runOne(name, overlay, progress);
      steps.add(step);
      if (step.error().isPresent()) {
        break;
      }
    }
    return steps;
  }

  private Step runOne(String name, Overlay overlay, MigrationProgress progress) {
    MigrationPlan one =
        new MigrationPlan(plan.fromVersion(), plan.toVersion(), List.of(name), 0, false);
    long[] keys = {0};
    SteppedMigrationDriver driver =
        new SteppedMigrationDriver(
                one,
                migrator,
                0,
                budget,
                event -> {
                  if (event instanceof MigrationEvent.Completed c) {
                    keys[0] = c.keysWritten();
                  }
                })
            .reportingTo(progress);
    Overlay child = overlay.child();
    Stopwatch total = Stopwatch.createStarted();
    long blocks = 0;
    long largestKeys = 0;
    Duration largest = Duration.ZERO;
    try {
      boolean done = false;
      while (!done) {
        if (blocks >= MAX_BLOCKS) {
          throw new MigrationFailedException(
              name, null, "did not finish within " + MAX_BLOCKS + " blocks", null);
        }
        Stopwatch block = Stopwatch.createStarted();
        SteppedMigrationDriver.BlockResult result =
            // The validation steps too (before = the state the plan started from), as on chain:
            // the blocks reported are the activation's, validation included.
            driver.runBlock(child, head.height() + blocks + 1, () -> overlay);
        blocks++;
        largestKeys = Math.max(largestKeys, result.keysThisBlock());
        largest = block.elapsed().compareTo(largest) > 0 ? block.elapsed() : largest;
        done = result.done();
        progress.progress(name, keys[0] > 0 ? keys[0] : result.cursor().keysDone(), 0);
      }
      child.mergeIntoParent();
      return new Step(
          name,
          keys[0],
          total.elapsed(),
          blocks,
          largestKeys,
          largest,
          store.previewRoot(overlay),
          Optional.empty());
    } catch (RuntimeException | LinkageError e) {
      // A plugin may throw anything, even a linkage error from its own code: the dry run reports
      // it as this migration's failure, as the activation would.
      child.discard();
      return new Step(
          name,
          0,
          total.elapsed(),
          blocks,
          largestKeys,
          largest,
          store.previewRoot(overlay),
          Optional.of(CliException.oneLine(UpgradeActivation.cause(e))));
    } finally {
      if (progress instanceof ProgressBars bars) {
        bars.finish(name);
      }
    }
  }
}
