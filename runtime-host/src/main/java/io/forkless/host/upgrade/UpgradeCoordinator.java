package io.forkless.host.upgrade;

import com.google.common.collect.ImmutableList;
import io.forkless.api.BlockContext;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ExecutionHooks;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationEvent;
import io.forkless.host.migration.MigrationListener;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.MigrationProgress;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.StateStore;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeRolledBack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code UpgradeCoordinator}: schedules an upgrade (verifying and loading its code at
 * once), executes it at its activation block, fails safe, cancels it, and rolls it back.
 *
 * <p>It plugs into the chain as {@link ExecutionHooks}: {@link #beginRuntimePhase} executes a due
 * upgrade on the activation block's overlay and returns the runtime that runs the block; {@link
 * #afterCommit} makes the upgrade final once the block is committed. Execution order at the
 * activation block: automatic snapshot (of the state after the previous block) → the plan's
 * migrations on a child overlay → each migration's {@code validate} → the runtimes' invariants →
 * {@code validatePostUpgrade(oldRoot, newRoot)} → merge into the block, which commits state,
 * migration and a header naming the new runtime in one batch → the chain swaps its runtime
 * reference → {@code UpgradeExecuted}. Any failure before the merge discards the migration's
 * writes: the state is exactly as before, the old runtime runs the block, {@code UpgradeFailed}
 * says why.
 *
 * <p>Thread-safe: block hooks run on the block thread, the other methods on any thread.
 */
public final class UpgradeCoordinator implements ExecutionHooks, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  private final RuntimeRegistry registry;
  private final StateMigrator migrator = new StateMigrator();
  private final UpgradeValidator validator = new UpgradeValidator();
  private final int maxRetained;
  private final ProductionControl production;
  private final List<MigrationProgress> progressListeners = new CopyOnWriteArrayList<>();
  private final UpgradeMetrics metrics;
  private final List<LoadedMigrationPlugin> registeredPlugins = new ArrayList<>();

  private final StateStore store;
  private final RollbackSnapshots snapshots;
  private final RuntimeSchedule schedule;
  private final ActivationStep activation;
  private final UpgradeOutcomes outcomes;
  private final CodeRetention retention;
  private LoadedRuntime active;
  // Volatile for warmUpFailure(), read without the lock (health checks never wait for staging).
  private volatile @Nullable PendingUpgrade pending;
  private @Nullable ExecutingUpgrade executing;
  private volatile @Nullable WarmUpFailure warmUpFailure;
  private final UpgradeHistory history = new UpgradeHistory();
  private long nextId;

  private final BlockRollbacks blockRollbacks;
  private final @Nullable StepBudget genesisBudget;
  private final MultiBlockActivation multiBlock;
  private final List<MigrationListener> migrationListeners = new CopyOnWriteArrayList<>();

  /** The embedder's cancel of a running migration: done in the next block. */
  private boolean cancelRequested;

  UpgradeCoordinator(UpgradeCoordinatorBuilder b) {
    this.registry = Objects.requireNonNull(b.registry, "registry");
    this.store = Objects.requireNonNull(b.store, "store");
    this.maxRetained = b.maxSnapshots;
    this.genesisBudget = b.migrationBudget;
    this.production = b.production;
    registry.register(b.initial);
    this.snapshots = new RollbackSnapshots(store);
    this.blockRollbacks =
        new BlockRollbacks(store, new ForwardRollback(store, snapshots, registry));
    this.schedule = new RuntimeSchedule(registry);
    this.activation = new ActivationStep(snapshots, production, progressListeners, maxRetained);
    // Everything about the lifecycle comes from the store: the head's runtime, the upgrades still
    // retained for rollback (their previous runtimes re-loaded, their snapshots re-adopted).
    this.active = schedule.atHead(store, b.initial);
    this.retention = new CodeRetention(store, registry, snapshots);
    this.nextId = retention.readopt(schedule);
    this.metrics = new UpgradeMetrics(b.meters, active.version(), this::snapshotCount);
    this.outcomes = new UpgradeOutcomes(history, metrics);
    this.multiBlock =
        new MultiBlockActivation(store, snapshots, activation, this::publish, maxRetained);
    metrics.migration(this::migrationStatus);
  }

  /** Writes the chain's migration budget into the genesis state, when one was configured. */
  @Override
  public void initGenesis(io.forkless.api.State state) {
    if (genesisBudget != null) {
      MigrationParameters.write(state, genesisBudget);
    }
  }

  /**
   * Whether the next block returns the state of a migration that failed in the last block ({@link
   * FailingBack}): the block producer keeps users' transactions out of it (they were checked
   * against the state it sets back) and they run in the block after, following the re-executed
   * ones.
   */
  public boolean failsBackInNextBlock() {
    return FailingBack.read(store.committed()).isPresent();
  }

  /**
   * Whether the next block refuses user transactions for a migration that {@code requiresPause}
   * (running, or starting in it): the block producer keeps them in the mempool meanwhile.
   */
  public boolean userTransactionsPaused() {
    if (LifecycleRecords.migrating(store.committed())
        .map(MigratingUpgrade::pausesUsers)
        .orElse(false)) {
      return true;
    }
    PendingUpgrade p;
    synchronized (this) {
      p = pending;
    }
    long next = Chain.storedHeadHeight(store).orElse(0L) + 1;
    return p != null
        && p.record().activationHeight() == next
        && MultiBlockActivation.stepped(p)
        && p.plan().map(MigrationPlan::requiresPause).orElse(false);
  }

  /**
   * The warm-up failure of the upgrade scheduled now, if its staged runtime failed its warm-up
   * (reported until the upgrade activates, fails or is cancelled).
   */
  public Optional<WarmUpFailure> warmUpFailure() {
    WarmUpFailure f = warmUpFailure;
    PendingUpgrade p = pending;
    if (f == null || p == null || p.record().id() != f.upgradeId()) {
      return Optional.empty();
    }
    return Optional.of(f);
  }

  /** Starts building a coordinator around the active runtime. */
  public static UpgradeCoordinatorBuilder builder(RuntimeRegistry registry, LoadedRuntime initial) {
    return new UpgradeCoordinatorBuilder(registry, initial);
  }

  public void addListener(UpgradeListener listener) {
    history.addListener(listener);
  }

  /** Receives every migration's progress (keys processed, estimated total), e.g. for a bar. */
  public void addMigrationProgressListener(MigrationProgress listener) {
    progressListeners.add(listener);
  }

  /** Receives what a multi-block migration does in each block (started, stepped, completed...). */
  public void addMigrationListener(MigrationListener listener) {
    migrationListeners.add(listener);
  }

  private void publish(MigrationEvent event) {
    outcomes.metrics().migrationEvent(event);
    for (MigrationListener l : migrationListeners) {
      l.onEvent(event);
    }
  }

  /** Migrations available to every plan (besides those of the plugins an upgrade brings). */
  public StateMigrator migrator() {
    return migrator;
  }

  /** Verifies and loads a migration plugin and registers its migrations for every later plan. */
  public synchronized LoadedMigrationPlugin registerMigrationPlugin(RuntimeCode code) {
    LoadedMigrationPlugin plugin = StagedUpgrade.sharedPlugin(registry, migrator, code);
    registeredPlugins.add(plugin);
    return plugin;
  }

  // ---------------------------------------------------------------- scheduling

  /**
   * The seed's {@code schedule_upgrade}: verifies and loads {@code code} now and schedules it for
   * {@code activationBlock}, with migrations from {@link #migrator()}.
   *
   * @return the upgrade id
   * @throws UpgradeRefusedException or {@link io.forkless.host.loader.RuntimeRejectedException}
   *     saying why; nothing changed
   */
  public long scheduleUpgrade(
      RuntimeVersion version,
      RuntimeCode code,
      long activationBlock,
      Optional<MigrationPlan> plan) {
    return scheduleUpgrade(
        new UpgradeRequest(version, code, activationBlock, plan, List.of(), OptionalLong.empty()));
  }

  /**
   * Schedules an upgrade whose migrations may come from plugins given with it (governance binds
   * each to its code hash).
   *
   * @throws UpgradeRefusedException or {@link io.forkless.host.loader.RuntimeRejectedException}
   *     saying why; nothing changed and nothing stays loaded
   */
  public synchronized long scheduleUpgrade(UpgradeRequest request) {
    if (pending != null) {
      throw new UpgradeRefusedException(
          "upgrade "
              + pending.record().id()
              + " to "
              + pending.record().to()
              + " is already scheduled for height "
              + pending.record().activationHeight()
              + "; cancel it first (one upgrade is pending at a time)");
    }
    long head = Chain.storedHeadHeight(store).orElse(0L);
    Optional<MigratingUpgrade> migrating = resumable(request);
    if (migrating.isEmpty() && request.activationHeight() <= head) {
      throw new UpgradeRefusedException(
          "activation block "
              + request.activationHeight()
              + " is not in the future (head is "
              + head
              + ")");
    }
    PendingUpgrade p =
        StagedUpgrade.pending(
            store,
            registry,
            migrator,
            validator,
            active,
            request,
            () ->
                migrating.isPresent()
                    ? migrating.get().upgradeId()
                    : request.proposalId().isPresent()
                        ? request.proposalId().getAsLong()
                        : nextId++,
            failure -> {
              warmUpFailure = failure;
              metrics.warmUpFailed();
            });
    try {
      pending = p;
      outcomes.scheduled(p.record(), request.plan());
      return p.record().id();
    } catch (RuntimeException e) {
      pending = null;
      p.plugins().forEach(LoadedMigrationPlugin::close);
      registry.release(p.staged().codeHash());
      throw e;
    }
  }

  /**
   * The migration running in chain state that {@code request} stages again after a restart: same
   * upgrade (proposal id, or activation height for an embedder's own schedule) and same code.
   */
  private Optional<MigratingUpgrade> resumable(UpgradeRequest request) {
    return LifecycleRecords.migrating(store.committed())
        .filter(m -> m.upgradedCodeHash().equals(request.code().codeHash()))
        .filter(
            m ->
                request.proposalId().isPresent()
                    ? request.proposalId().getAsLong() == m.upgradeId()
                    : request.activationHeight() == m.activationHeight());
  }

  /**
   * Pre-checks {@code request}'s code exactly as staging would (trust store, bytecode verifier,
   * loading, version rules, the plan's migrations), then unloads it; the code staged already counts
   * as checked (issue #14).
   *
   * @throws RuntimeException (a refusal) saying why
   */
  public synchronized void precheck(UpgradeRequest request) {
    if (pending != null && pending.staged().codeHash().equals(request.code().codeHash())) {
      return;
    }
    boolean wasLoaded = registry.loaded(request.code().codeHash()).isPresent();
    StagedUpgrade checked = StagedUpgrade.load(registry, migrator, validator, active, request);
    checked.plugins().forEach(LoadedMigrationPlugin::close);
    if (!wasLoaded) {
      registry.release(checked.runtime().codeHash());
    }
  }

  /**
   * The seed's {@code cancel_upgrade}: drops the scheduled upgrade before it executes. An upgrade
   * whose migration is running is cancelled in the next block produced, which returns the runtime
   * state to the pre-upgrade snapshot and re-executes the transactions since the activation.
   *
   * @throws UpgradeRefusedException when nothing is scheduled, or the upgrade already executed
   *     (roll it back instead)
   */
  public synchronized UpgradeRecord cancelUpgrade() {
    PendingUpgrade running = pending;
    if (running != null && migratingNow(running).isPresent()) {
      cancelRequested = true;
      log.warn(
          "Cancel of upgrade {} requested during its migration: the next block returns the state to"
              + " that before height {}",
          running.record().id(),
          running.record().activationHeight());
      return running.record();
    }
    if (pending == null || executing != null) {
      Optional<UpgradeRecord> last = history.last();
      if (executing != null
          || (last.isPresent() && last.get().status() == UpgradeStatus.EXECUTED)) {
        throw new UpgradeRefusedException(
            "the last upgrade already executed; roll it back instead of cancelling");
      }
      throw new UpgradeRefusedException("no upgrade is scheduled: nothing to cancel");
    }
    PendingUpgrade p = pending;
    pending = null;
    snapshots.discardPrepared();
    retention.release(p, active);
    return outcomes.cancelled(p);
  }

  /**
   * Governance closed the pending upgrade's proposal (cancel) in the block being executed: a
   * running migration fails back in this block; an upgrade not yet activated is dropped.
   */
  public synchronized void cancelInBlock(BlockContext ctx, Overlay blockOverlay, String why) {
    PendingUpgrade p = pending;
    if (p == null || multiBlock.endedInBlock()) {
      return;
    }
    Optional<MigratingUpgrade> m =
        LifecycleRecords.migrating(blockOverlay).filter(r -> r.upgradeId() == p.record().id());
    if (m.isPresent()) {
      multiBlock.cancel(ctx, blockOverlay, p, m.get(), why);
    } else {
      cancelUpgrade();
    }
  }

  private Optional<MigratingUpgrade> migratingNow(PendingUpgrade p) {
    return LifecycleRecords.migrating(store.committed())
        .filter(m -> m.upgradeId() == p.record().id());
  }

  /** The multi-block migration running in the committed state, with its progress, if one is. */
  public Optional<MigrationStatus> migrationStatus() {
    PendingUpgrade p;
    synchronized (this) {
      p = pending;
    }
    return MigrationStatus.of(
        store.committed(),
        p == null ? List.of() : p.plan().map(MigrationPlan::migrationNames).orElse(List.of()));
  }

  // ---------------------------------------------------------------- execution

  /** What happened to the upgrade due at a block, for governance to record. */
  /**
   * What happened to the upgrade due (or migrating) at a block, for governance to record.
   *
   * @param migrating true when the upgrade's migration goes on after this block (neither executed
   *     nor failed yet)
   */
  public record Activation(
      RuntimeBinding binding,
      Optional<UpgradeRecord> upgrade,
      Optional<String> failure,
      boolean migrating) {}

  @Override
  public synchronized long migrationStepsThisBlock() {
    return multiBlock.stepsThisBlock();
  }

  /** Forgets what an aborted attempt at a block did (a rollback, re-executions, an activation). */
  @Override
  public synchronized void beginBlock(BlockContext ctx) {
    blockRollbacks.beginBlock();
    multiBlock.beginBlock();
    ExecutingUpgrade stale = executing;
    executing = null;
    if (stale != null) {
      stale.snapshot().release();
    }
  }

  @Override
  public RuntimeBinding beginRuntimePhase(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    return runBlock(ctx, blockOverlay, current).binding();
  }

  /**
   * Everything the lifecycle does in a block between its host and its runtime transactions: an
   * embedder's requested rollback, the runtime the block's state names (after a rollback in this
   * block), a due upgrade, and the re-execution of queued transactions under the block's runtime.
   */
  public synchronized Activation runBlock(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    multiBlock.failBackRecorded(ctx, blockOverlay);
    blockRollbacks.beforeRuntime(blockOverlay, ctx);
    RuntimeBinding binding = schedule.forBlock(blockOverlay, PausedRuntime.unwrap(current));
    Optional<MigratingUpgrade> running = LifecycleRecords.migrating(blockOverlay);
    PendingUpgrade p = pending;
    if (running.isPresent() && cancelRequested && p != null) {
      multiBlock.cancel(ctx, blockOverlay, p, running.get(), "cancelled by the node's embedder");
      running = Optional.empty();
    }
    Activation activation =
        running.isPresent()
            ? multiBlock.advance(ctx, blockOverlay, p, running.get(), active, binding)
            : executeUpgrade(ctx, blockOverlay, binding);
    // While a paused migration runs, queued re-executions wait too (they are user transactions).
    boolean usersPaused =
        LifecycleRecords.migrating(blockOverlay).map(MigratingUpgrade::pausesUsers).orElse(false);
    if (!usersPaused) {
      blockRollbacks.reexecute(blockOverlay, ctx, PausedRuntime.unwrap(activation.binding()));
    }
    return activation;
  }

  /**
   * Rolls upgrade {@code upgradeId} back inside the block being executed (the signed governance
   * rollback's host transaction): see {@link ForwardRollback}.
   *
   * @return what it did, for the transaction's receipt
   * @throws UpgradeRefusedException when the state does not allow it (the receipt says why)
   */
  public synchronized UpgradeRolledBack rollbackInBlock(
      io.forkless.api.State state, BlockContext ctx, long upgradeId) {
    return blockRollbacks.inBlock(state, ctx, upgradeId);
  }

  /**
   * Checks that a rollback of {@code upgradeId} would be accepted on {@code state}.
   *
   * @throws UpgradeRefusedException saying why not
   */
  public static void checkRollback(io.forkless.api.StateView state, long upgradeId) {
    ForwardRollback.check(state, upgradeId);
  }

  @Override
  public synchronized void addChainRecords(long height, ChainWrites writes) {
    ExecutingUpgrade e = executing;
    if (e != null && e.event().height() == height) {
      writes.put(
          LifecycleRecords.snapshotKey(e.event().upgradeId()),
          com.google.common.primitives.Longs.toByteArray(e.snapshot().get().sequence()));
    }
    blockRollbacks.addChainRecords(height, writes);
    multiBlock.addChainRecords(height, writes);
  }

  /**
   * The seed's {@code execute_upgrade}: does nothing before the activation block; at it, migrates
   * the block's overlay and returns the runtime that runs the block. A deterministic failure (a
   * migration, validation or invariant) leaves {@code blockOverlay} untouched and returns {@code
   * current}.
   */
  public synchronized Activation executeUpgrade(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    PendingUpgrade p = pending;
    if (p == null || ctx.height() < p.record().activationHeight() || multiBlock.endedInBlock()) {
      return new Activation(current, Optional.empty(), Optional.empty(), false);
    }
    if (MultiBlockActivation.stepped(p)) {
      return multiBlock.start(ctx, blockOverlay, p, active, current);
    }
    List<UpgradeRecord> failed = new ArrayList<>(1);
    ExecutingUpgrade done =
        activation.run(
            ctx,
            blockOverlay,
            p,
            active,
            (f, cause) -> {
              pending = null;
              retention.release(f, active);
              failed.add(outcomes.failed(f, ctx.height(), cause, active.version()));
            });
    if (done == null) {
      return new Activation(
          current, Optional.of(failed.get(0)), Optional.of(failed.get(0).detail()), false);
    }
    executing = done;
    return new Activation(
        RuntimeRegistry.binding(p.staged()), Optional.of(p.record()), Optional.empty(), false);
  }

  @Override
  public synchronized void afterCommit(
      Block block, List<TxReceipt> receipts, RuntimeBinding executedBy) {
    registry.advanceReferenceTime(Instant.ofEpochMilli(block.header().timestampMillis()));
    PendingUpgrade due = pending;
    if (due != null && due.record().activationHeight() == block.height() + 1) {
      snapshots.prepareFor(block.height() + 1);
    }
    LoadedRuntime before = active;
    active = registry.loaded(executedBy.codeHash()).orElse(active);
    ExecutingUpgrade e = executing;
    executing = null;
    MultiBlockActivation.Ended ended = multiBlock.afterCommit();
    if (ended != null) {
      cancelRequested = false;
      pending = null;
      if (ended.executed() != null) {
        e = ended.executed();
      } else {
        retention.release(ended.pending(), active);
        if (ended.cancelled()) {
          outcomes.cancelled(ended.pending());
        } else {
          outcomes.failedMigrating(
              ended.pending(),
              block.height(),
              ended.cause(),
              active.version(),
              ended.migrating().activationHeight());
        }
      }
    }
    UpgradeRolledBack rolledBack = blockRollbacks.afterCommit();
    if (e != null && block.height() == e.event().height()) {
      pending = null;
      outcomes.executed(e, block, before.version(), active.version());
    }
    if (rolledBack != null) {
      outcomes.rolledBack(rolledBack, active);
    }
    if (e != null || rolledBack != null || ended != null) {
      retention.releaseUnretained(active, pending, history.all());
    }
  }

  // ---------------------------------------------------------------- rollback

  /** A rollback the embedder asked for: it runs in the next block produced. */
  public record Rollback(UpgradeRecord upgrade, long restoredHeight) {}

  /**
   * The seed's {@code rollback_upgrade}, moving forward: the next block produced sets the state to
   * the snapshot taken just before the last executed upgrade, re-activates the previous runtime
   * (still loaded), and queues the runtime transactions of every block since the activation for
   * re-execution under it in the following blocks. No block is reverted. A governed node rolls back
   * through the signed governance transaction instead, which a block carries (and replays).
   *
   * @throws UpgradeRefusedException when there is no executed upgrade to roll back
   */
  public synchronized Rollback rollbackUpgrade() {
    return blockRollbacks.request(history, maxRetained);
  }

  // ---------------------------------------------------------------- queries

  /** Stops the snapshot thread (with the host). Idempotent. */
  @Override
  public void close() {
    snapshots.close();
  }

  /** The version of the active runtime. */
  public synchronized RuntimeVersion currentVersion() {
    return active.version();
  }

  /** The active runtime. */
  public synchronized LoadedRuntime activeRuntime() {
    return active;
  }

  /** The scheduled upgrade, if any. */
  public synchronized Optional<UpgradeRecord> pendingUpgrade() {
    return pending == null ? Optional.empty() : Optional.of(pending.record());
  }

  /** Whether this node has the pre-upgrade snapshot of upgrade {@code upgradeId}. */
  public boolean hasRollbackSnapshot(long upgradeId) {
    return snapshots.of(upgradeId).isPresent();
  }

  /** Snapshots kept for rollback: one per retained upgrade whose snapshot this node has. */
  public int snapshotCount() {
    return (int)
        LifecycleRecords.retained(store.committed()).stream()
            .filter(u -> snapshots.of(u.upgradeId()).isPresent())
            .count();
  }

  /** The receipts of the transactions a rollback queued and the block at {@code height} re-ran. */
  public List<TxReceipt> reexecutedReceipts(long height) {
    return Reexecution.at(store, height).stream().map(Reexecution.Entry::receipt).toList();
  }

  /** The payloads of the transactions a rollback queued that the block at {@code height} re-ran. */
  public List<byte[]> reexecuted(long height) {
    return Reexecution.payloadsAt(store, height);
  }

  /** The executed upgrades that can still be rolled back, oldest first (from chain state). */
  public List<RetainedUpgrade> retainedUpgrades() {
    return LifecycleRecords.retained(store.committed());
  }

  /** Every upgrade this coordinator handled, oldest first. */
  public synchronized ImmutableList<UpgradeRecord> history() {
    return history.all();
  }

  /** True while block production is paused for a migration ({@code requiresPause}). */
  public boolean pausedForMigration() {
    return activation.pausedForMigration();
  }

  /** The registry of loaded runtimes (the chain's resolver). */
  public RuntimeRegistry registry() {
    return registry;
  }
}
