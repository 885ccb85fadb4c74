package io.forkless.host.upgrade;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import com.google.common.primitives.Longs;
import io.forkless.api.BlockContext;
import io.forkless.api.MigrationPlan;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.metering.StepShare;
import io.forkless.host.migration.MigrationListener;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.SnapshotView;
import io.forkless.host.state.StateStore;
import io.forkless.host.upgrade.UpgradeCoordinator.Activation;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade whose plan has a {@link SteppedMigration}, across blocks. The activation block takes
 * the pre-upgrade snapshot, records the upgrade as migrating ({@link MigratingUpgrade}) and runs
 * the first share; every following block runs the next share under the chain's budget ({@link
 * MigrationParameters}) before its runtime transactions, the cursor committed with the block. The
 * block whose share finishes the plan runs every migration's {@code validate} (the pre-upgrade
 * snapshot against the migrated state), compares the previous runtime's invariants on the snapshot
 * with the new runtime's on the migrated state, and swaps: its runtime transactions run on the new
 * runtime. Until then the previous runtime serves user transactions, or refuses them when the plan
 * {@code requiresPause}.
 *
 * <p>A step that throws, overruns or stalls, a failed validation or invariant, or a governance
 * cancel fails the upgrade back: the runtime keys return to the pre-upgrade snapshot, the record
 * and cursor go, and every runtime transaction since the activation is queued for re-execution on
 * the previous runtime (as a forward rollback does). A cancel and a paused plan's failure do it in
 * that block; a plan that lets users in and fails by itself records the failure ({@link
 * FailingBack}), runs the block's user transactions on the state before the failed share, and fails
 * back at the start of the next block ({@link MigrationFailBack}). All of it is chain state, so
 * every node and every replay does the same. Called under the coordinator's lock.
 */
final class MultiBlockActivation {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  /** How a migration ended in the block in execution; final once the block commits. */
  record Ended(
      PendingUpgrade pending,
      MigratingUpgrade migrating,
      @Nullable ExecutingUpgrade executed,
      String cause,
      boolean cancelled,
      boolean failsBackNext) {}

  private final StateStore store;
  private final RollbackSnapshots snapshots;
  private final ActivationStep activation;
  private final MigrationListener listener;
  private final int maxRetained;
  private final UpgradeValidator validator = new UpgradeValidator();
  private final MigrationFailBack failBack;

  private final StepInvariants invariants;
  private @Nullable SnapshotView before;
  private long beforeFor = -1;
  private @Nullable PendingSnapshot taken;
  private long takenFor = -1;
  private @Nullable Ended ended;
  // Metered steps the migration's share used in the block in execution (its users get the rest).
  private long stepsThisBlock;

  MultiBlockActivation(
      StateStore store,
      RollbackSnapshots snapshots,
      ActivationStep activation,
      MigrationListener listener,
      int maxRetained) {
    this.store = store;
    this.snapshots = snapshots;
    this.activation = activation;
    this.listener = listener;
    this.maxRetained = maxRetained;
    this.invariants = new StepInvariants(store);
    this.failBack = new MigrationFailBack(store, snapshots);
  }

  /** Whether {@code p}'s plan runs across blocks: it has a stepped migration. */
  static boolean stepped(PendingUpgrade p) {
    return p.plan()
        .map(
            plan ->
                plan.migrationNames().stream()
                    .anyMatch(
                        n -> p.migrator().migration(n).orElse(null) instanceof SteppedMigration))
        .orElse(false);
  }

  /** A block starts: forget what an aborted attempt did (releasing a snapshot it took). */
  void beginBlock() {
    if (taken != null) {
      taken.release();
    }
    taken = null;
    takenFor = -1;
    ended = null;
    stepsThisBlock = 0;
    failBack.beginBlock();
  }

  /** Metered steps the migration's share used in the block in execution, 0 if none ran. */
  long stepsThisBlock() {
    return stepsThisBlock;
  }

  /**
   * Whether a migration ended (executed, failed, cancelled, or failed back after failing in the
   * block before) in the block in execution: no other upgrade activates in it.
   */
  boolean endedInBlock() {
    return ended != null || failBack.ranInBlock();
  }

  /**
   * First in a block's runtime phase: the fail-back the previous block recorded ({@link
   * FailingBack}), if any.
   *
   * @throws BlockProductionHaltedException when this node lacks the pre-upgrade snapshot
   */
  void failBackRecorded(BlockContext ctx, Overlay block) {
    failBack.runRecorded(ctx, block);
  }

  /** Starts {@code p}'s plan in its activation block, then runs the block's share. */
  Activation start(
      BlockContext ctx,
      Overlay block,
      PendingUpgrade p,
      LoadedRuntime previous,
      RuntimeBinding current) {
    // Taken in the background while the first share runs; the chain records wait for it.
    taken = snapshots.pendingFor(ctx.height());
    takenFor = p.record().id();
    MigratingUpgrade m =
        new MigratingUpgrade(
            p.record().id(),
            ctx.height(),
            previous.version(),
            previous.codeHash(),
            p.staged().version(),
            p.staged().codeHash(),
            p.plan().map(MigrationPlan::requiresPause).orElse(false));
    LifecycleRecords.putMigrating(block, m);
    log.info(
        "Upgrade {} to {} activated at height {}: its migrations {} run across blocks at {} keys"
            + " or {} metered steps per block, whichever comes first; user transactions {} until"
            + " the swap",
        m.upgradeId(),
        m.upgradedVersion(),
        ctx.height(),
        p.plan().orElseThrow().migrationNames(),
        MigrationParameters.read(block).keysPerBlock(),
        StepShare.of(MeteringParameters.read(block)).share(),
        m.pausesUsers() ? "are paused" : "run on " + previous.version());
    return advance(ctx, block, p, m, previous, current);
  }

  /**
   * Runs the block's share of the running plan; swaps when it finishes; fails back on any failure.
   *
   * @throws BlockProductionHaltedException when this node has not staged the upgrade's code or
   *     lacks its snapshot (a local failure)
   */
  Activation advance(
      BlockContext ctx,
      Overlay block,
      @Nullable PendingUpgrade p,
      MigratingUpgrade m,
      LoadedRuntime previous,
      RuntimeBinding current) {
    if (p == null || p.record().id() != m.upgradeId()) {
      throw new BlockProductionHaltedException(
          "upgrade "
              + m.upgradeId()
              + " to "
              + m.upgradedVersion()
              + " (code hash "
              + m.upgradedCodeHash()
              + ") is migrating since height "
              + m.activationHeight()
              + " but this node has not staged its code: put the approved runtime and migration"
              + " JARs into the plugins folder");
    }
    Stopwatch watch = Stopwatch.createStarted();
    Overlay work = block.child();
    try {
      SteppedMigrationDriver driver =
          new SteppedMigrationDriver(
                  p.plan().orElseThrow(),
                  p.migrator(),
                  m.upgradeId(),
                  MigrationParameters.read(block),
                  listener)
              .reportingTo(activation.progressFor(p));
      invariants.startIfValidating(driver, m, previous, p.staged(), () -> snapshotOf(m));
      boolean done;
      try {
        done = driver.runBlock(work, ctx.height(), () -> before(m)).done();
      } finally {
        stepsThisBlock = driver.stepsLastBlock();
      }
      if (!done) {
        work.mergeIntoParent();
        return new Activation(
            m.pausesUsers() ? paused(current, m) : current,
            Optional.of(p.record()),
            Optional.empty(),
            true);
      }
      finish(driver, work, p, m, previous, ctx);
      work.mergeIntoParent();
      HashCode oldRoot = rootBefore(m);
      UpgradeExecuted event =
          new UpgradeExecuted(
              m.upgradeId(),
              p.record().from(),
              p.record().to(),
              p.record().codeHash(),
              ctx.height(),
              oldRoot,
              oldRoot,
              watch.elapsed(),
              p.plan().map(MigrationPlan::estimatedDurationSecs).orElse(0L),
              ImmutableList.of());
      PendingSnapshot snapshot =
          taken != null && takenFor == m.upgradeId()
              ? taken
              : new PendingSnapshot(store, snapshots, null, snapshotOf(m));
      ended =
          new Ended(
              p, m, new ExecutingUpgrade(p, snapshot, event, watch.elapsed()), "", false, false);
      return new Activation(
          RuntimeRegistry.binding(p.staged()), Optional.of(p.record()), Optional.empty(), false);
    } catch (BlockProductionHaltedException e) {
      throw e;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      // A migration or runtime may throw anything: all of it is this upgrade's failure.
      if (!work.isClosed()) {
        work.discard();
      }
      String cause = UpgradeActivation.cause(e);
      if (m.pausesUsers()) {
        // The block carries no user transaction chosen against the migrating state: back now.
        int queued = failBack(ctx, block, m);
        log.error(
            "Upgrade {} to {} FAILED at height {} during its migration: {}. Runtime state returned"
                + " to that before height {}; {} transactions re-execute on {} from height {}",
            m.upgradeId(),
            m.upgradedVersion(),
            ctx.height(),
            cause,
            m.activationHeight(),
            queued,
            m.previousVersion(),
            ctx.height() + 1);
      } else {
        // Users' transactions of this block were checked against the migrating state: they run
        // on it (the failing share's writes discarded), and the next block fails back.
        failBack.defer(ctx, block, m, cause);
        log.error(
            "Upgrade {} to {} FAILED at height {} during its migration: {}. This block's"
                + " transactions run on {} as in the blocks before; the next block (height {})"
                + " returns runtime state to that before height {} and re-executes every"
                + " transaction since",
            m.upgradeId(),
            m.upgradedVersion(),
            ctx.height(),
            cause,
            m.previousVersion(),
            ctx.height() + 1,
            m.activationHeight());
      }
      ended = new Ended(p, m, null, cause, false, !m.pausesUsers());
      return new Activation(
          PausedRuntime.unwrap(current), Optional.of(p.record()), Optional.of(cause), false);
    } finally {
      if (!work.isClosed()) {
        work.discard();
      }
    }
  }

  /** Governance (or the embedder) cancels the running migration: the same fail-back. */
  void cancel(BlockContext ctx, Overlay block, PendingUpgrade p, MigratingUpgrade m, String why) {
    int queued = failBack(ctx, block, m);
    log.warn(
        "Upgrade {} to {} cancelled at height {} during its migration ({}): runtime state returned"
            + " to that before height {}; {} transactions re-execute from height {}",
        m.upgradeId(),
        m.upgradedVersion(),
        ctx.height(),
        why,
        m.activationHeight(),
        queued,
        ctx.height() + 1);
    ended = new Ended(p, m, null, why, true, false);
  }

  private void finish(
      SteppedMigrationDriver driver,
      Overlay work,
      PendingUpgrade p,
      MigratingUpgrade m,
      LoadedRuntime previous,
      BlockContext ctx) {
    // Every migration validated in the steps before (SteppedMigrationDriver's validation phase).
    // The invariants: computed on a second thread since the validation phase began (a paused
    // plan's runtime state does not change until the swap), or here, beside each other.
    List<Map<String, String>> both =
        invariants.result(m.upgradeId()).orElseGet(() -> invariantsNow(work, p, m, previous));
    validator.validateInvariants(both.get(0), both.get(1));
    // The single-block rule (validatePostUpgrade): migrations that ran must have changed a value.
    boolean changed =
        work.changesBelow(k -> !HostNamespace.isHostKey(k))
            || FirstDifference.runtimeStateDiffers(store, snapshotOf(m));
    validator.validateStateChange(changed, true);
    LifecycleRecords.clearMigrating(work);
    ActivationStep.swap(
        work,
        new RetainedUpgrade(
            m.upgradeId(),
            m.activationHeight(),
            m.previousVersion(),
            m.previousCodeHash(),
            m.upgradedVersion(),
            m.upgradedCodeHash()),
        maxRetained);
    log.info(
        "Upgrade {} migrated in {} blocks (heights {}..{}); validation and invariants passed",
        m.upgradeId(),
        ctx.height() - m.activationHeight() + 1,
        m.activationHeight(),
        ctx.height());
  }

  /** Both runtimes' invariants, the previous one's on the snapshot on a second thread. */
  private List<Map<String, String>> invariantsNow(
      Overlay work, PendingUpgrade p, MigratingUpgrade m, LoadedRuntime previous) {
    StateView was = before(m);
    var old =
        UpgradeActivation.beside(
            () -> previous.runtime().invariants(StateMigrator.readOnlyView(was)));
    Map<String, String> after = p.staged().runtime().invariants(StateMigrator.readOnlyView(work));
    return List.of(UpgradeActivation.join(old), after);
  }

  /** The pre-upgrade snapshot of {@code m}, opened once for the blocks that validate. */
  private StateView before(MigratingUpgrade m) {
    if (before == null || beforeFor != m.upgradeId()) {
      closeBefore();
      before = store.openSnapshot(snapshotOf(m));
      beforeFor = m.upgradeId();
    }
    return before;
  }

  private void closeBefore() {
    if (before != null) {
      before.close();
    }
    before = null;
    beforeFor = -1;
  }

  /**
   * Returns the runtime keys to the pre-upgrade snapshot, removes the record and cursor, and queues
   * the runtime transactions since the activation for re-execution from the next block.
   *
   * @return how many transactions were queued
   */
  private int failBack(BlockContext ctx, Overlay block, MigratingUpgrade m) {
    return failBack.now(ctx, block, m, snapshotOf(m), ctx.height() + 1);
  }

  private static RuntimeBinding paused(RuntimeBinding current, MigratingUpgrade m) {
    return PausedRuntime.wrap(
        current,
        "user transactions are paused while upgrade "
            + m.upgradeId()
            + " to "
            + m.upgradedVersion()
            + " migrates (since height "
            + m.activationHeight()
            + "); submit it again once the upgrade executed");
  }

  /**
   * The pre-upgrade snapshot of {@code m}: taken in this block, or named by its chain record.
   *
   * @throws BlockProductionHaltedException when this node does not have it
   */
  private SnapshotId snapshotOf(MigratingUpgrade m) {
    if (taken != null && takenFor == m.upgradeId()) {
      return taken.get();
    }
    return snapshots
        .of(m.upgradeId())
        .orElseThrow(
            () ->
                new BlockProductionHaltedException(
                    "upgrade "
                        + m.upgradeId()
                        + " is migrating but this node has no snapshot of the state before it"
                        + " (height "
                        + (m.activationHeight() - 1)
                        + "): replay the chain from a node that executed the activation, or"
                        + " restore the data folder from a backup"));
  }

  private HashCode rootBefore(MigratingUpgrade m) {
    return Chain.storedBlock(store, m.activationHeight() - 1)
        .map(b -> b.header().stateRoot())
        .orElseGet(store::stateRoot);
  }

  /** The snapshot taken in this block, into its chain records. */
  void addChainRecords(long height, ChainWrites writes) {
    if (taken != null) {
      writes.put(LifecycleRecords.snapshotKey(takenFor), Longs.toByteArray(taken.get().sequence()));
    }
  }

  /**
   * The block was committed.
   *
   * @return how a migration ended in it, or null; the snapshot of a failed or cancelled one is
   *     released
   */
  @Nullable Ended afterCommit() {
    Ended e = ended;
    ended = null;
    if (e != null) {
      closeBefore();
      invariants.forget();
    }
    failBack.afterCommit();
    if (e != null && e.executed() == null && !e.failsBackNext()) {
      if (taken != null && takenFor == e.migrating().upgradeId()) {
        taken.release();
      } else {
        snapshots.of(e.migrating().upgradeId()).ifPresent(snapshots::release);
      }
    }
    taken = null;
    takenFor = -1;
    return e;
  }
}
