package io.forkless.host.migration;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.metering.StepShare;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a migration plan a block's share at a time, whatever decides when (the upgrade lifecycle, or
 * the dry run). Each {@link #runBlock} reads the plan's {@link MigrationCursor} from the block's
 * state, lets the migrations step until the block's {@link StepBudget} of keys or its {@link
 * io.forkless.host.metering.StepShare} of metered steps is used (a {@link SteppedMigration} steps
 * from its cursor; a plain {@link StateMigration} runs whole, in one block), and writes the new
 * cursor back under {@link #CURSOR_KEY} (deleting it when the plan is done), all in the block's
 * overlay: the cursor commits with the block, so a restarted node resumes from it. Then {@link
 * #validate} runs every migration's {@code validate}.
 *
 * <p>A step fails the plan when it throws, touches more than the budget's {@link
 * StepBudget#hardLimit()}, uses more than twice its step share (its meter stops it), returns a
 * cursor longer than {@link SteppedMigration#MAX_CURSOR_BYTES}, or returns the cursor it was given
 * without writing anything (it would never finish). Then nothing of the block's share is kept and
 * {@link MigrationFailedException} says why; what to do with the writes of earlier blocks is the
 * caller's decision (the lifecycle restores the pre-upgrade state). Not thread-safe: one block at a
 * time on the block thread.
 */
public final class SteppedMigrationDriver {

  /** The host key of the running plan's cursor. */
  public static final byte[] CURSOR_KEY = hostKey("migration/cursor");

  /** What one block's share did. */
  public record BlockResult(
      boolean done, MigrationCursor cursor, long keysThisBlock, List<MigrationEvent> events) {}

  private final MigrationPlan plan;
  private final List<StateMigration> migrations;
  private final long upgradeId;
  private final StepBudget budget;
  private final MigrationListener listener;
  private MigrationProgress progress = MigrationProgress.NONE;
  private @Nullable StepShare lastShare;

  /**
   * @throws IllegalArgumentException if {@code migrator} lacks a migration the plan names
   */
  public SteppedMigrationDriver(
      MigrationPlan plan,
      StateMigrator migrator,
      long upgradeId,
      StepBudget budget,
      MigrationListener listener) {
    migrator.checkRunnable(plan);
    this.plan = plan;
    this.migrations =
        plan.migrationNames().stream().map(n -> migrator.migration(n).orElseThrow()).toList();
    this.upgradeId = upgradeId;
    this.budget = budget;
    this.listener = listener;
  }

  /**
   * Also passes every progress report of the migrations (keys processed by the migration's own
   * count, its estimate) to {@code progress}, e.g. to draw a bar. Returns this driver.
   */
  public SteppedMigrationDriver reportingTo(MigrationProgress progress) {
    this.progress = progress;
    return this;
  }

  /**
   * Metered steps the last {@link #runBlock} used (also when it failed), 0 before the first: the
   * block's runtime transactions get the block's step budget less these.
   */
  public long stepsLastBlock() {
    StepShare share = lastShare;
    return share == null ? 0 : share.used();
  }

  /** The cursor of the plan running in {@code state}, if one is. */
  public static Optional<MigrationCursor> cursor(StateView state) {
    return state.get(CURSOR_KEY).map(MigrationCursor::decode);
  }

  /**
   * Runs this block's share of the plan into {@code blockOverlay}, at {@code height}.
   *
   * @throws MigrationFailedException if a step failed; {@code blockOverlay} is then unchanged
   * @throws IllegalStateException if the state holds the cursor of another upgrade's plan
   */
  public BlockResult runBlock(Overlay blockOverlay, long height) {
    return runBlock(blockOverlay, height, null);
  }

  /**
   * Runs this block's share as {@link #runBlock(Overlay, long)}, then, once the migrations are done
   * and when {@code before} is given, the stepped validation: each migration's {@link
   * SteppedMigration#validateStep} (a plain migration's {@code validate}, whole) comparing {@code
   * before} (the state before the plan's first step, opened only when needed) with the block's
   * state, under the same budget, its cursor persisted as the migrations' is (cursor index {@code
   * migrations + i} is migration {@code i}'s validation). The result is done when every migration
   * validated.
   *
   * @throws MigrationFailedException if a step or a validation step failed; {@code blockOverlay} is
   *     then unchanged
   */
  public BlockResult runBlock(
      Overlay blockOverlay, long height, @Nullable Supplier<StateView> before) {
    Overlay child = blockOverlay.child();
    List<MigrationEvent> events = new ArrayList<>();
    try {
      MigrationCursor at = cursor(child).orElse(MigrationCursor.start(upgradeId));
      if (at.upgradeId() != upgradeId) {
        throw new IllegalStateException(
            "the state holds the migration cursor of upgrade "
                + at.upgradeId()
                + ", not of upgrade "
                + upgradeId
                + ": finish or fail that upgrade first");
      }
      // Both bounds, whichever comes first: the keys of the governed budget and the metered steps
      // of the block's share (StepShare: 75 % of metering.blockSteps in force in this block).
      StepShare share = StepShare.of(MeteringParameters.read(child));
      lastShare = share;
      CountingState.Counter counter = new CountingState.Counter(budget, share);
      boolean ranThisMigration = false;
      int phases = before == null ? migrations.size() : 2 * migrations.size();
      while (at.migrationIndex() < phases && !counter.exhausted()) {
        if (at.migrationIndex() >= migrations.size()) {
          at = validateStep(at, child, counter, before, height, events);
          ranThisMigration = at.migrationIndex() < phases;
          continue;
        }
        StateMigration migration = migrations.get(at.migrationIndex());
        String name = migration.name();
        if (at.cursor().isEmpty() && at.keysDone() == 0 && at.migrationBlocks() == 0) {
          events.add(new MigrationEvent.Started(upgradeId, name, height));
        }
        CountingState state = new CountingState(HostNamespace.guard(child), counter);
        Context context = new Context(name, counter, at.keysEstimated());
        Optional<byte[]> next = step(migration, state, at.cursor(), context, height);
        StepChecks.afterStep(
            name, at.cursor(), next, state, counter, migration instanceof SteppedMigration, budget);
        ranThisMigration = true;
        long blocks = at.migrationBlocks() + 1;
        long keys = at.keysDone() + state.writes();
        if (next.isPresent()) {
          at =
              new MigrationCursor(
                  upgradeId,
                  at.migrationIndex(),
                  next,
                  keys,
                  context.estimate,
                  blocks,
                  at.blocksUsed(),
                  at.largestStepKeys());
        } else {
          events.add(new MigrationEvent.Completed(upgradeId, name, height, keys, blocks));
          at =
              new MigrationCursor(
                  upgradeId,
                  at.migrationIndex() + 1,
                  Optional.empty(),
                  0,
                  0,
                  0,
                  at.blocksUsed(),
                  at.largestStepKeys());
          ranThisMigration = false;
        }
      }
      long used = counter.used();
      at =
          new MigrationCursor(
              at.upgradeId(),
              at.migrationIndex(),
              at.cursor(),
              at.keysDone(),
              at.keysEstimated(),
              at.migrationBlocks(),
              at.blocksUsed() + 1,
              Math.max(at.largestStepKeys(), used));
      boolean done = at.migrationIndex() >= phases;
      if (done) {
        child.delete(CURSOR_KEY);
      } else {
        child.put(CURSOR_KEY, at.encode());
        if (ranThisMigration) {
          events.add(
              new MigrationEvent.Stepped(
                  upgradeId,
                  migrations.get(at.migrationIndex() % migrations.size()).name(),
                  height,
                  used,
                  at));
        }
      }
      child.mergeIntoParent();
      events.forEach(this::publish);
      return new BlockResult(done, at, used, List.copyOf(events));
    } catch (MigrationFailedException e) {
      publish(new MigrationEvent.Failed(upgradeId, e.migrationName(), height, e.getMessage()));
      throw e;
    } finally {
      if (!child.isClosed()) {
        child.discard();
      }
    }
  }

  /** One validation step of the migration {@code at} names (index past the migrations). */
  private MigrationCursor validateStep(
      MigrationCursor at,
      Overlay state,
      CountingState.Counter counter,
      Supplier<StateView> before,
      long height,
      List<MigrationEvent> events) {
    StateMigration migration = migrations.get(at.migrationIndex() - migrations.size());
    String name = migration.name();
    Context context = new Context(name, counter, at.keysEstimated());
    long start = counter.used();
    Optional<byte[]> next;
    try {
      StateView was = CountingState.reading(before.get(), counter);
      StateView now = CountingState.reading(StateMigrator.readOnlyView(state), counter);
      if (migration instanceof SteppedMigration stepped) {
        next =
            stepped
                .validateStep(
                    HostNamespace.guard(was),
                    HostNamespace.guard(now),
                    at.cursor().map(byte[]::clone),
                    context)
                .map(byte[]::clone);
      } else {
        migration.validate(HostNamespace.guard(was), HostNamespace.guard(now));
        next = Optional.empty();
      }
    } catch (RuntimeException | StackOverflowError e) {
      throw failure(name, "validation failed", e);
    }
    // A validation that ends in its call (the default: the whole validate) is not held to the
    // budget, as a plain migration's run is not; one that steps must keep to it.
    StepChecks.afterValidationStep(name, at.cursor(), next, counter, budget);
    long keys = at.keysDone() + (counter.used() - start);
    if (next.isPresent()) {
      return new MigrationCursor(
          upgradeId,
          at.migrationIndex(),
          next,
          keys,
          context.estimate,
          at.migrationBlocks() + 1,
          at.blocksUsed(),
          at.largestStepKeys());
    }
    events.add(
        new MigrationEvent.Validated(upgradeId, name, height, keys, at.migrationBlocks() + 1));
    return new MigrationCursor(
        upgradeId,
        at.migrationIndex() + 1,
        Optional.empty(),
        0,
        0,
        0,
        at.blocksUsed(),
        at.largestStepKeys());
  }

  /** Whether {@code cursor} is in the validation phase (past the plan's migrations). */
  public boolean validating(MigrationCursor cursor) {
    return cursor.migrationIndex() >= migrations.size();
  }

  /**
   * Runs every migration's {@code validate}, comparing the state before the plan's first step with
   * the state after its last.
   *
   * @throws MigrationFailedException naming the first migration whose validation failed
   */
  public void validate(StateView before, StateView after) {
    for (StateMigration migration : migrations) {
      try {
        migration.validate(
            HostNamespace.guard(StateMigrator.readOnlyView(before)),
            HostNamespace.guard(StateMigrator.readOnlyView(after)));
      } catch (RuntimeException | StackOverflowError e) {
        throw failure(migration.name(), "validation failed", e);
      }
    }
  }

  private Optional<byte[]> step(
      StateMigration migration,
      CountingState state,
      Optional<byte[]> cursor,
      Context context,
      long height) {
    try {
      if (migration instanceof SteppedMigration stepped) {
        Optional<byte[]> next = stepped.step(state, cursor.map(byte[]::clone), context);
        return next.map(byte[]::clone);
      }
      migration.migrate(state, context);
      return Optional.empty();
    } catch (RuntimeException | StackOverflowError e) {
      // The same words as a single-block run (StateMigrator), so the dry run names the cause the
      // activation reports.
      throw failure(migration.name(), "migration threw", e);
    }
  }

  static MigrationFailedException failure(String name, String what, Throwable e) {
    if (e instanceof MigrationException m) {
      return new MigrationFailedException(
          name, m.key().orElse(null), what + ": " + m.getMessage(), e);
    }
    return new MigrationFailedException(
        name,
        null,
        what
            + ": migration '"
            + name
            + "' failed with "
            + e.getClass().getName()
            + ": "
            + e.getMessage(),
        e);
  }

  private void publish(MigrationEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      // A listener's failure is its own; the chain goes on.
      org.slf4j.LoggerFactory.getLogger(SteppedMigrationDriver.class)
          .warn("Migration listener failed on {}: {}", event, e.toString());
    }
  }

  private static byte[] hostKey(String name) {
    byte[] text = name.getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[text.length + 1];
    key[0] = HostNamespace.PREFIX;
    System.arraycopy(text, 0, key, 1, text.length);
    return key;
  }

  private final class Context implements MigrationContext, StepShare.Source {
    private final String name;
    private final CountingState.Counter counter;
    private long estimate;

    Context(String name, CountingState.Counter counter, long estimate) {
      this.name = name;
      this.counter = counter;
      this.estimate = estimate;
    }

    @Override
    public RuntimeVersion fromVersion() {
      return plan.fromVersion();
    }

    @Override
    public RuntimeVersion toVersion() {
      return plan.toVersion();
    }

    @Override
    public void progress(long keysProcessed, long estimatedTotal) {
      if (estimatedTotal > 0) {
        estimate = estimatedTotal;
      }
      progress.progress(name, keysProcessed, estimatedTotal);
    }

    @Override
    public boolean budgetExhausted() {
      return counter.exhausted();
    }

    @Override
    public StepShare stepShare() {
      return counter.steps();
    }

    @Override
    public io.forkless.api.HostFunctions host() {
      return HostCrypto.INSTANCE;
    }

    @Override
    public String toString() {
      return "step context of " + name;
    }
  }
}
