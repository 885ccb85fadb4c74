package io.forkless.host.upgrade;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ExecutionHooks;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationProgress;
import io.forkless.host.migration.MigrationReport;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.StateStore;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeCancelled;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeFailed;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeRolledBack;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeScheduled;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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
  private final ForwardRollback rollbacks;
  private LoadedRuntime active;
  private @Nullable Pending pending;
  private @Nullable Executing executing;
  private final UpgradeHistory history = new UpgradeHistory();
  private long nextId;
  private volatile boolean migrationPause;

  /** Set by {@link #rollbackUpgrade()} (the embedder's call): done in the next block. */
  private OptionalLong requestedRollback = OptionalLong.empty();

  /** What the block in execution did beyond its transactions, for its records and events. */
  private List<Reexecution.Entry> blockReexecuted = List.of();

  private @Nullable UpgradeRolledBack blockRolledBack;

  /** An upgrade verified, loaded and waiting for its activation height. */
  private record Pending(
      UpgradeRecord record,
      LoadedRuntime staged,
      Optional<MigrationPlan> plan,
      List<LoadedMigrationPlugin> plugins,
      StateMigrator migrator) {}

  /** An upgrade executed into the activation block's overlay, final once that block commits. */
  private record Executing(
      Pending pending, SnapshotId snapshot, UpgradeExecuted event, Duration activationTime) {}

  private UpgradeCoordinator(Builder b) {
    this.registry = Objects.requireNonNull(b.registry, "registry");
    this.store = Objects.requireNonNull(b.store, "store");
    this.maxRetained = b.maxSnapshots;
    this.production = b.production;
    registry.register(b.initial);
    this.snapshots = new RollbackSnapshots(store);
    this.rollbacks = new ForwardRollback(store, snapshots, registry);
    // Everything about the lifecycle comes from the store: the head's runtime, the upgrades still
    // retained for rollback (their previous runtimes re-loaded, their snapshots re-adopted).
    this.active =
        Chain.storedHeadHeight(store)
            .flatMap(h -> Chain.storedBlock(store, h))
            .map(head -> loadedOrInitial(head.header().runtimeCodeHash(), b.initial))
            .orElse(b.initial);
    List<RetainedUpgrade> retained = LifecycleRecords.retained(store.committed());
    this.nextId = retained.stream().mapToLong(RetainedUpgrade::upgradeId).max().orElse(0) + 1;
    for (RetainedUpgrade u : retained) {
      preload(u);
    }
    int kept = snapshots.releaseUnreferenced(retained);
    if (!retained.isEmpty()) {
      log.info(
          "Re-adopted {} retained upgrade(s) {} with {} rollback snapshot(s)",
          retained.size(),
          retained.stream().map(RetainedUpgrade::upgradeId).toList(),
          kept);
    }
    this.metrics = new UpgradeMetrics(b.meters, active.version(), this::snapshotCount);
  }

  private LoadedRuntime loadedOrInitial(HashCode codeHash, LoadedRuntime initial) {
    if (codeHash.equals(initial.codeHash())) {
      return initial;
    }
    registry.apply(codeHash);
    return registry.loaded(codeHash).orElse(initial);
  }

  /** Loads a retained upgrade's previous runtime ahead of a rollback; warns when it cannot. */
  private void preload(RetainedUpgrade u) {
    try {
      registry.apply(u.previousCodeHash());
    } catch (RuntimeException e) {
      log.warn(
          "Upgrade {} can be rolled back only once runtime {} (code hash {}) is loadable: {}",
          u.upgradeId(),
          u.previousVersion(),
          u.previousCodeHash(),
          e.getMessage());
    }
  }

  /** Starts building a coordinator around the active runtime. */
  public static Builder builder(RuntimeRegistry registry, LoadedRuntime initial) {
    return new Builder(registry, initial);
  }

  /** Options of a coordinator. */
  public static final class Builder {
    private final RuntimeRegistry registry;
    private final LoadedRuntime initial;
    private int maxSnapshots = 10;
    private ProductionControl production = ProductionControl.NONE;
    private MeterRegistry meters = new SimpleMeterRegistry();
    private @Nullable StateStore store;

    private Builder(RuntimeRegistry registry, LoadedRuntime initial) {
      this.registry = registry;
      this.initial = initial;
    }

    /** The {@code [upgrade] max_snapshots}: previous runtimes (and snapshots) kept for rollback. */
    public Builder maxSnapshots(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max_snapshots must be >= 1 but was " + max);
      }
      this.maxSnapshots = max;
      return this;
    }

    /** What {@code requiresPause} pauses: the node's block producer. */
    public Builder production(ProductionControl control) {
      this.production = control;
      return this;
    }

    public Builder meters(MeterRegistry registry) {
      this.meters = registry;
      return this;
    }

    /** The chain's store (required): lifecycle records, blocks and rollback snapshots. */
    public Builder store(StateStore store) {
      this.store = store;
      return this;
    }

    public UpgradeCoordinator build() {
      return new UpgradeCoordinator(this);
    }
  }

  public void addListener(UpgradeListener listener) {
    history.addListener(listener);
  }

  /** Receives every migration's progress (keys processed, estimated total), e.g. for a bar. */
  public void addMigrationProgressListener(MigrationProgress listener) {
    progressListeners.add(listener);
  }

  /** Migrations available to every plan (besides those of the plugins an upgrade brings). */
  public StateMigrator migrator() {
    return migrator;
  }

  /** Verifies and loads a migration plugin and registers its migrations for every later plan. */
  public synchronized LoadedMigrationPlugin registerMigrationPlugin(RuntimeCode code) {
    LoadedMigrationPlugin plugin =
        registry.loadPlugin(code.jar(), code.codeHash(), registry.referenceTime());
    try {
      for (StateMigration m : plugin.migrations().values()) {
        migrator.registerMigration(m);
      }
    } catch (IllegalArgumentException e) {
      plugin.migrations().keySet().forEach(migrator::unregisterMigration);
      plugin.close();
      throw new UpgradeRefusedException(e.getMessage(), e);
    }
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
    if (request.activationHeight() <= head) {
      throw new UpgradeRefusedException(
          "activation block "
              + request.activationHeight()
              + " is not in the future (head is "
              + head
              + ")");
    }
    StagedUpgrade loaded = StagedUpgrade.load(registry, migrator, validator, active, request);
    LoadedRuntime staged = loaded.runtime();
    List<LoadedMigrationPlugin> plugins = loaded.plugins();
    StateMigrator planMigrator = loaded.migrator();
    try {
      UpgradeRecord record =
          new UpgradeRecord(
              request.proposalId().isPresent() ? request.proposalId().getAsLong() : nextId++,
              request.proposalId(),
              active.version(),
              staged.version(),
              staged.codeHash(),
              request.activationHeight(),
              UpgradeStatus.SCHEDULED,
              "");
      WarmUp.run(store, staged, record.id());
      pending = new Pending(record, staged, request.plan(), plugins, planMigrator);
      history.add(record);
      metrics.pending(record.activationHeight());
      List<String> names = request.plan().map(MigrationPlan::migrationNames).orElse(List.of());
      log.info(
          "Upgrade {} scheduled: {} -> {} (code hash {}) at height {}, migrations {}",
          record.id(),
          record.from(),
          record.to(),
          record.codeHash(),
          record.activationHeight(),
          names);
      history.publish(
          new UpgradeScheduled(
              record.id(),
              record.from(),
              record.to(),
              record.codeHash(),
              record.activationHeight(),
              ImmutableList.copyOf(names)));
      return record.id();
    } catch (RuntimeException e) {
      plugins.forEach(LoadedMigrationPlugin::close);
      registry.release(staged.codeHash());
      throw e;
    }
  }

  /**
   * The seed's {@code cancel_upgrade}: drops the scheduled upgrade before it executes.
   *
   * @throws UpgradeRefusedException when nothing is scheduled, or the upgrade already executed
   *     (roll it back instead)
   */
  public synchronized UpgradeRecord cancelUpgrade() {
    if (pending == null || executing != null) {
      Optional<UpgradeRecord> last = history.last();
      if (executing != null
          || (last.isPresent() && last.get().status() == UpgradeStatus.EXECUTED)) {
        throw new UpgradeRefusedException(
            "the last upgrade already executed; roll it back instead of cancelling");
      }
      throw new UpgradeRefusedException("no upgrade is scheduled: nothing to cancel");
    }
    Pending p = pending;
    pending = null;
    snapshots.discardPrepared();
    release(p);
    UpgradeRecord cancelled =
        history.replace(p.record().moveTo(UpgradeStatus.CANCELLED, "cancelled"));
    metrics.pending(-1);
    log.warn(
        "Upgrade {}{} to {} cancelled before execution",
        cancelled.id(),
        cancelled.proposalId().isPresent() ? " (governance proposal " + cancelled.id() + ")" : "",
        cancelled.to());
    history.publish(new UpgradeCancelled(cancelled.id(), cancelled.to(), cancelled.codeHash()));
    return cancelled;
  }

  // ---------------------------------------------------------------- execution

  /** What happened to the upgrade due at a block, for governance to record. */
  public record Activation(
      RuntimeBinding binding, Optional<UpgradeRecord> upgrade, Optional<String> failure) {}

  /** Forgets what an aborted attempt at a block did (a rollback, re-executions, an activation). */
  @Override
  public synchronized void beginBlock(BlockContext ctx) {
    blockReexecuted = List.of();
    blockRolledBack = null;
    Executing stale = executing;
    executing = null;
    if (stale != null) {
      snapshots.release(stale.snapshot());
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
    blockReexecuted = List.of();
    if (requestedRollback.isPresent() && blockRolledBack == null) {
      blockRolledBack = rollbacks.apply(blockOverlay, ctx, requestedRollback.getAsLong());
    }
    RuntimeBinding binding = scheduledRuntime(blockOverlay, current);
    Activation activation = executeUpgrade(ctx, blockOverlay, binding);
    blockReexecuted = Reexecution.run(blockOverlay, ctx, activation.binding());
    return activation;
  }

  /** The runtime the state names for this block (set by an activation or a rollback). */
  private RuntimeBinding scheduledRuntime(Overlay state, RuntimeBinding current) {
    return LifecycleRecords.activeRuntime(state)
        .filter(a -> !a.codeHash().equals(current.codeHash()))
        .map(a -> registry.apply(a.codeHash()))
        .orElse(current);
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
    UpgradeRolledBack done = rollbacks.apply(state, ctx, upgradeId);
    blockRolledBack = done;
    return done;
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
    Executing e = executing;
    if (e != null && e.event().height() == height) {
      writes.put(
          LifecycleRecords.snapshotKey(e.event().upgradeId()),
          com.google.common.primitives.Longs.toByteArray(e.snapshot().sequence()));
    }
    Reexecution.record(height, blockReexecuted, writes);
  }

  /**
   * The seed's {@code execute_upgrade}: does nothing before the activation block; at it, migrates
   * the block's overlay and returns the runtime that runs the block. A deterministic failure (a
   * migration, validation or invariant) leaves {@code blockOverlay} untouched and returns {@code
   * current}.
   */
  public synchronized Activation executeUpgrade(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    Pending p = pending;
    if (p == null || ctx.height() < p.record().activationHeight()) {
      return new Activation(current, Optional.empty(), Optional.empty());
    }
    Stopwatch activation = Stopwatch.createStarted();
    SnapshotId snapshot = snapshots.takeFor(ctx.height());
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
      List<RetainedUpgrade> retained = new ArrayList<>(LifecycleRecords.retained(blockOverlay));
      retained.add(
          new RetainedUpgrade(
              p.record().id(),
              ctx.height(),
              active.version(),
              active.codeHash(),
              p.staged().version(),
              p.staged().codeHash()));
      while (retained.size() > maxRetained) {
        retained.remove(0);
      }
      LifecycleRecords.putRetained(blockOverlay, retained);
      LifecycleRecords.putActiveRuntime(blockOverlay, p.staged().version(), p.staged().codeHash());
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
      executing = new Executing(p, snapshot, event, activation.elapsed());
      return new Activation(
          RuntimeRegistry.binding(p.staged()), Optional.of(p.record()), Optional.empty());
    } catch (RuntimeException | LinkageError e) {
      // A runtime or migration may throw anything, even a linkage error from its own code: all of
      // it
      // is this upgrade's failure, never the chain's.
      upgrade.discard();
      snapshots.release(snapshot);
      String cause = UpgradeActivation.cause(e);
      pending = null;
      release(p);
      UpgradeRecord failed = history.replace(p.record().moveTo(UpgradeStatus.FAILED, cause));
      metrics.pending(-1);
      metrics.failed();
      log.error(
          "Upgrade {} to {} (code hash {}) FAILED at height {}: {}. The state is unchanged and {}"
              + " stays active.",
          failed.id(),
          failed.to(),
          failed.codeHash(),
          ctx.height(),
          cause,
          active.version());
      history.publish(
          new UpgradeFailed(
              failed.id(), failed.from(), failed.to(), failed.codeHash(), ctx.height(), cause));
      return new Activation(current, Optional.of(failed), Optional.of(cause));
    } finally {
      if (pause) {
        migrationPause = false;
        production.resume();
        log.info("Block production resumed after the migrations of upgrade {}", p.record().id());
      }
    }
  }

  private MigrationProgress progressFor(Pending p) {
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

  @Override
  public synchronized void afterCommit(
      Block block, List<TxReceipt> receipts, RuntimeBinding executedBy) {
    registry.advanceReferenceTime(Instant.ofEpochMilli(block.header().timestampMillis()));
    Pending due = pending;
    if (due != null && due.record().activationHeight() == block.height() + 1) {
      snapshots.prepareFor(block.height() + 1);
    }
    LoadedRuntime before = active;
    active = registry.loaded(executedBy.codeHash()).orElse(active);
    blockReexecuted = List.of();
    Executing e = executing;
    executing = null;
    UpgradeRolledBack rolledBack = blockRolledBack;
    blockRolledBack = null;
    if (e != null && block.height() == e.event().height()) {
      finishActivation(e, block, before);
    }
    if (rolledBack != null) {
      requestedRollback = OptionalLong.empty();
      finishRollback(rolledBack);
    }
    if (e != null || rolledBack != null) {
      releaseUnretained();
    }
  }

  private void finishActivation(Executing e, Block block, LoadedRuntime previous) {
    pending = null;
    Pending p = e.pending();
    UpgradeExecuted done =
        new UpgradeExecuted(
            e.event().upgradeId(),
            e.event().from(),
            e.event().to(),
            e.event().codeHash(),
            e.event().height(),
            e.event().oldStateRoot(),
            block.header().stateRoot(),
            e.event().migrationDuration(),
            e.event().estimatedDurationSecs(),
            e.event().migrations());
    p.plugins().forEach(LoadedMigrationPlugin::close);
    UpgradeRecord executed = history.replace(p.record().moveTo(UpgradeStatus.EXECUTED, ""));
    metrics.active(active.version());
    metrics.pending(-1);
    metrics.executed(e.event().migrationDuration(), e.activationTime());
    log.info(
        "Upgrade {} executed at height {}: {} -> {} (code hash {}), state root {} -> {}, migrations"
            + " took {} ms (estimated {} s); {} stays loaded for rollback",
        executed.id(),
        block.height(),
        executed.from(),
        executed.to(),
        executed.codeHash(),
        done.oldStateRoot(),
        done.newStateRoot(),
        e.event().migrationDuration().toMillis(),
        e.event().estimatedDurationSecs(),
        previous.version());
    history.publish(done);
  }

  private void finishRollback(UpgradeRolledBack done) {
    UpgradeRecord record =
        history.all().stream()
            .filter(r -> r.id() == done.upgradeId() && r.status() == UpgradeStatus.EXECUTED)
            .findFirst()
            .orElseGet(
                () ->
                    new UpgradeRecord(
                        done.upgradeId(),
                        OptionalLong.empty(),
                        done.to(),
                        done.from(),
                        active.codeHash(),
                        done.restoredHeight() + 1,
                        UpgradeStatus.EXECUTED,
                        ""));
    history.replace(
        record.moveTo(UpgradeStatus.ROLLED_BACK, "rolled back at height " + done.height()));
    metrics.active(active.version());
    metrics.rolledBack();
    log.warn(
        "Upgrade {} rolled back at height {}: {} -> {}, state set to that after height {}, {}"
            + " runtime transactions of {} blocks queued for re-execution, in {} ms",
        done.upgradeId(),
        done.height(),
        done.from(),
        done.to(),
        done.restoredHeight(),
        done.requeuedTransactions(),
        done.blocksSinceActivation(),
        done.duration().toMillis());
    history.publish(done);
  }

  /** Releases the snapshots and runtimes that no retained upgrade needs any more. */
  private void releaseUnretained() {
    List<RetainedUpgrade> retained = LifecycleRecords.retained(store.committed());
    snapshots.releaseUnreferenced(retained);
    Set<HashCode> keep = new HashSet<>();
    keep.add(active.codeHash());
    retained.forEach(u -> keep.add(u.previousCodeHash()));
    Pending p = pending;
    if (p != null) {
      keep.add(p.staged().codeHash());
    }
    for (UpgradeRecord r : history.all()) {
      if (!keep.contains(r.codeHash()) && registry.loaded(r.codeHash()).isPresent()) {
        registry.release(r.codeHash());
      }
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
    List<RetainedUpgrade> retained = LifecycleRecords.retained(store.committed());
    if (retained.isEmpty()) {
      throw new UpgradeRefusedException(
          "no executed upgrade to roll back (or its snapshot was pruned; max_snapshots is "
              + maxRetained
              + ")");
    }
    RetainedUpgrade last = retained.get(retained.size() - 1);
    ForwardRollback.check(store.committed(), last.upgradeId());
    requestedRollback = OptionalLong.of(last.upgradeId());
    UpgradeRecord record =
        history.all().stream()
            .filter(r -> r.id() == last.upgradeId())
            .reduce((x, y) -> y)
            .orElseGet(
                () ->
                    new UpgradeRecord(
                        last.upgradeId(),
                        OptionalLong.empty(),
                        last.previousVersion(),
                        last.upgradedVersion(),
                        last.upgradedCodeHash(),
                        last.activationHeight(),
                        UpgradeStatus.EXECUTED,
                        ""));
    log.warn(
        "Rollback of upgrade {} ({} -> {}) requested: the next block restores the state after"
            + " height {}",
        last.upgradeId(),
        last.upgradedVersion(),
        last.previousVersion(),
        last.activationHeight() - 1);
    return new Rollback(record, last.activationHeight() - 1);
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
    return migrationPause;
  }

  /** The registry of loaded runtimes (the chain's resolver). */
  public RuntimeRegistry registry() {
    return registry;
  }

  private void release(Pending p) {
    p.plugins().forEach(LoadedMigrationPlugin::close);
    boolean retained =
        LifecycleRecords.retained(store.committed()).stream()
            .anyMatch(u -> u.previousCodeHash().equals(p.staged().codeHash()));
    if (p.staged() != active && !retained) {
      registry.release(p.staged().codeHash());
    }
  }
}
