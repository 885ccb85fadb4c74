package io.forkless.host.upgrade;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableList;
import io.forkless.api.BlockContext;
import io.forkless.api.HostFunctions;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ChainSnapshot;
import io.forkless.host.chain.ExecutionHooks;
import io.forkless.host.chain.Mempool;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationProgress;
import io.forkless.host.migration.MigrationReport;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeCancelled;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeFailed;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeRolledBack;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeScheduled;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
public final class UpgradeCoordinator implements ExecutionHooks {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  /** Applications of recent transactions through a staged runtime, to warm up its code. */
  private static final int WARM_UP_TRANSACTIONS = 20_000;

  /** Recent runtime transactions sampled for the warm-up. */
  private static final int WARM_UP_SAMPLE = 2_000;

  /**
   * Host functions for the warm-up only (its writes are discarded): signatures count as valid so
   * the runtime's own code past the check gets warm, and the host's crypto (already compiled host
   * code) does not make the 20,000 warm-up calls cost seconds.
   */
  private static final HostFunctions WARM_UP_HOST =
      new HostFunctions() {
        @Override
        public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
          return true;
        }

        @Override
        public byte[] sha256(byte[] data) {
          return HostCrypto.INSTANCE.sha256(data);
        }
      };

  private record BlockTransaction(BlockContext ctx, byte[] payload) {}

  private final RuntimeRegistry registry;
  private final StateMigrator migrator = new StateMigrator();
  private final UpgradeValidator validator = new UpgradeValidator();
  private final int maxRetained;
  private final ProductionControl production;
  private final List<UpgradeListener> listeners = new CopyOnWriteArrayList<>();
  private final List<MigrationProgress> progressListeners = new CopyOnWriteArrayList<>();
  private final UpgradeMetrics metrics;
  private final List<LoadedMigrationPlugin> registeredPlugins = new ArrayList<>();

  private @Nullable Chain chain;
  private @Nullable Mempool mempool;
  private LoadedRuntime active;
  private @Nullable Pending pending;
  private @Nullable Executing executing;
  private final Deque<Retained> retained = new ArrayDeque<>();
  private final List<UpgradeRecord> history = new ArrayList<>();
  private long nextId = 1;
  private volatile boolean migrationPause;

  /**
   * The pre-upgrade checkpoint, started right after the block before the activation committed: it
   * flushes RocksDB's memtable, which would otherwise be the largest part of the activation block.
   * State changes only at commits, and the activation block waits for it before it commits, so it
   * is exactly the state after the previous block.
   */
  private final ExecutorService snapshotter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "forkless-upgrade-snapshot");
            t.setDaemon(true);
            return t;
          });

  private @Nullable Future<ChainSnapshot> prepared;
  private long preparedFor = -1;

  /** An upgrade verified, loaded and waiting for its activation height. */
  private record Pending(
      UpgradeRecord record,
      LoadedRuntime staged,
      Optional<MigrationPlan> plan,
      List<LoadedMigrationPlugin> plugins,
      StateMigrator migrator) {}

  /** An upgrade executed into the activation block's overlay, final once that block commits. */
  private record Executing(
      Pending pending, ChainSnapshot snapshot, UpgradeExecuted event, Duration activationTime) {}

  /** A previous runtime kept for rollback, with the snapshot taken just before the upgrade. */
  private record Retained(
      UpgradeRecord record,
      LoadedRuntime previous,
      LoadedRuntime upgraded,
      ChainSnapshot snapshot) {}

  private UpgradeCoordinator(Builder b) {
    this.registry = Objects.requireNonNull(b.registry, "registry");
    this.active = Objects.requireNonNull(b.initial, "initial runtime");
    this.maxRetained = b.maxSnapshots;
    this.production = b.production;
    registry.register(active);
    this.metrics = new UpgradeMetrics(b.meters, active.version(), this::snapshotCount);
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

    public UpgradeCoordinator build() {
      return new UpgradeCoordinator(this);
    }
  }

  /**
   * Connects the coordinator to the chain it upgrades (after {@link Chain#open} with this
   * coordinator as its hooks) and the mempool that reverted transactions return to.
   */
  public synchronized void attach(Chain chain, Mempool mempool) {
    this.chain = chain;
    this.mempool = mempool;
    LoadedRuntime head = registry.loaded(chain.activeRuntime().codeHash()).orElse(active);
    if (head != active) {
      active = head;
      metrics.active(active.version());
    }
  }

  public void addListener(UpgradeListener listener) {
    listeners.add(listener);
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
    long head = chain == null ? 0 : chain.head().height();
    if (request.activationHeight() <= head) {
      throw new UpgradeRefusedException(
          "activation block "
              + request.activationHeight()
              + " is not in the future (head is "
              + head
              + ")");
    }
    Instant decisionTime = registry.referenceTime();
    LoadedRuntime staged =
        registry.loadRuntime(request.code().jar(), request.code().codeHash(), decisionTime);
    if (staged == active) {
      throw new UpgradeRefusedException(
          "runtime " + staged.version() + " (" + staged.codeHash() + ") is already active");
    }
    List<LoadedMigrationPlugin> plugins = new ArrayList<>();
    try {
      StateMigrator planMigrator = new StateMigrator();
      for (String name : migrator.migrationNames()) {
        planMigrator.registerMigration(migrator.migration(name).orElseThrow());
      }
      for (RuntimeCode pluginCode : request.migrationPlugins()) {
        LoadedMigrationPlugin plugin =
            registry.loadPlugin(pluginCode.jar(), pluginCode.codeHash(), decisionTime);
        plugins.add(plugin);
        for (StateMigration m : plugin.migrations().values()) {
          try {
            planMigrator.registerMigration(m);
          } catch (IllegalArgumentException e) {
            throw new UpgradeRefusedException(e.getMessage(), e);
          }
        }
      }
      validator.validateUpgrade(active, request.version(), staged, request.plan());
      if (request.plan().isPresent()) {
        try {
          planMigrator.checkRunnable(request.plan().get());
        } catch (IllegalArgumentException e) {
          throw new UpgradeRefusedException(e.getMessage(), e);
        }
      }
      UpgradeRecord record =
          new UpgradeRecord(
              nextId++,
              request.proposalId(),
              active.version(),
              staged.version(),
              staged.codeHash(),
              request.activationHeight(),
              UpgradeStatus.SCHEDULED,
              "");
      warmUp(staged);
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
      publish(
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
   * Runs recent runtime transactions through a staged runtime on a scratch overlay that is
   * discarded, so its freshly defined classes are compiled by the JIT before the activation block
   * instead of during it. Results are never used; any failure just ends the warm-up.
   */
  private void warmUp(LoadedRuntime staged) {
    Chain c = chain;
    if (c == null) {
      return;
    }
    Stopwatch watch = Stopwatch.createStarted();
    List<BlockTransaction> recent = new ArrayList<>();
    for (long h = c.head().height(); h > 0 && recent.size() < WARM_UP_SAMPLE; h--) {
      Optional<Block> block = c.block(h);
      if (block.isEmpty()) {
        break;
      }
      BlockContext ctx =
          new BlockContext(c.chainId(), h, block.get().header().timestampMillis(), WARM_UP_HOST);
      for (Transaction tx : block.get().transactions()) {
        if (tx.kind() == Transaction.Kind.RUNTIME && recent.size() < WARM_UP_SAMPLE) {
          recent.add(new BlockTransaction(ctx, tx.payload()));
        }
      }
    }
    int applied = 0;
    Overlay scratch = c.store().overlay();
    try {
      // Cycle through the sample until the new code ran about as often as it takes the JIT to
      // compile a hot path fully (C2: roughly 10,000 invocations).
      while (!recent.isEmpty() && applied < WARM_UP_TRANSACTIONS) {
        BlockTransaction t = recent.get(applied % recent.size());
        Overlay child = scratch.child();
        try {
          staged.runtime().apply(HostNamespace.guard(child), t.ctx(), t.payload());
        } catch (RuntimeException | LinkageError e) {
          // The new runtime may not understand the old state (a layout change): fine here.
        } finally {
          child.discard();
        }
        applied++;
      }
    } catch (RuntimeException e) {
      // The chain moved on under the scratch overlay: the warm-up has done what it could.
    } finally {
      scratch.discard();
    }
    log.debug(
        "Warmed up {} with {} transactions in {} ms",
        staged.version(),
        applied,
        watch.elapsed().toMillis());
  }

  /**
   * The seed's {@code cancel_upgrade}: drops the scheduled upgrade before it executes.
   *
   * @throws UpgradeRefusedException when nothing is scheduled, or the upgrade already executed
   *     (roll it back instead)
   */
  public synchronized UpgradeRecord cancelUpgrade() {
    if (pending == null || executing != null) {
      Optional<UpgradeRecord> last = lastRecord();
      if (executing != null
          || (last.isPresent() && last.get().status() == UpgradeStatus.EXECUTED)) {
        throw new UpgradeRefusedException(
            "the last upgrade already executed; roll it back instead of cancelling");
      }
      throw new UpgradeRefusedException("no upgrade is scheduled: nothing to cancel");
    }
    Pending p = pending;
    pending = null;
    discardPrepared();
    release(p);
    UpgradeRecord cancelled = replace(p.record().moveTo(UpgradeStatus.CANCELLED, "cancelled"));
    metrics.pending(-1);
    log.warn("Upgrade {} to {} cancelled before execution", cancelled.id(), cancelled.to());
    publish(new UpgradeCancelled(cancelled.id(), cancelled.to(), cancelled.codeHash()));
    return cancelled;
  }

  // ---------------------------------------------------------------- execution

  /** What happened to the upgrade due at a block, for governance to record. */
  public record Activation(
      RuntimeBinding binding, Optional<UpgradeRecord> upgrade, Optional<String> failure) {}

  @Override
  public RuntimeBinding beginRuntimePhase(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    return executeUpgrade(ctx, blockOverlay, current).binding();
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
    Chain c = Objects.requireNonNull(chain, "attach(chain, mempool) before producing blocks");
    Stopwatch activation = Stopwatch.createStarted();
    ChainSnapshot snapshot = preSnapshot(c, ctx.height());
    boolean pause = p.plan().map(MigrationPlan::requiresPause).orElse(false);
    Overlay upgrade = blockOverlay.child();
    try {
      if (pause) {
        migrationPause = true;
        production.pause();
        log.info("Block production paused for the migrations of upgrade {}", p.record().id());
      }
      Duration snapshotTime = activation.elapsed();
      boolean migrated = p.plan().map(pl -> !pl.migrationNames().isEmpty()).orElse(false);
      Stopwatch migration = Stopwatch.createStarted();
      List<MigrationReport> reports = List.of();
      if (migrated) {
        // Invariants cost a scan of the whole state, so they run only when a migration changed it:
        // without migrations the post-upgrade check below proves the state is untouched.
        var invariantsBefore =
            active
                .runtime()
                .invariants(HostNamespace.guard(StateMigrator.readOnlyView(blockOverlay)));
        reports = p.migrator().run(p.plan().get(), upgrade, progressFor(p));
        validator.validateInvariants(
            invariantsBefore,
            p.staged()
                .runtime()
                .invariants(HostNamespace.guard(StateMigrator.readOnlyView(upgrade))));
      }
      Duration migrationTime = migration.elapsed();
      // The seed's validatePostUpgrade(oldRoot, newRoot) without hashing the migrated state twice
      // (the block's commit computes the new root anyway): the root changes exactly when the
      // migration changed a value, and that check stops at the first changed key.
      validator.validateStateChange(upgrade.changesBelow(), migrated);
      log.info(
          "Upgrade {} at height {}: snapshot {} ms, migrations and validation {} ms, roots {} ms",
          p.record().id(),
          ctx.height(),
          snapshotTime.toMillis(),
          migrationTime.toMillis(),
          (activation.elapsed().minus(snapshotTime).minus(migrationTime)).toMillis());
      upgrade.mergeIntoParent();
      UpgradeExecuted event =
          new UpgradeExecuted(
              p.record().id(),
              p.record().from(),
              p.record().to(),
              p.record().codeHash(),
              ctx.height(),
              c.head().header().stateRoot(),
              c.head().header().stateRoot(),
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
      c.store().releaseSnapshot(snapshot.id());
      String cause = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      pending = null;
      release(p);
      UpgradeRecord failed = replace(p.record().moveTo(UpgradeStatus.FAILED, cause));
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
      publish(
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
    prepareSnapshotIfDueAfter(block);
    Executing e = executing;
    if (e == null || block.height() != e.event().height()) {
      return;
    }
    executing = null;
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
    LoadedRuntime previous = active;
    active = p.staged();
    p.plugins().forEach(LoadedMigrationPlugin::close);
    UpgradeRecord executed = replace(p.record().moveTo(UpgradeStatus.EXECUTED, ""));
    retained.push(new Retained(executed, previous, active, e.snapshot()));
    while (retained.size() > maxRetained) {
      Retained oldest = retained.removeLast();
      Objects.requireNonNull(chain).store().releaseSnapshot(oldest.snapshot().id());
      if (oldest.previous() != active && !isRetained(oldest.previous())) {
        registry.release(oldest.previous().codeHash());
      }
    }
    metrics.active(active.version());
    metrics.pending(-1);
    metrics.executed(e.event().migrationDuration(), e.activationTime());
    log.info(
        "Upgrade {} executed at height {}: {} -> {} (code hash {}), state root {} -> {}, migrations"
            + " took {} ms (estimated {} s)",
        executed.id(),
        block.height(),
        executed.from(),
        executed.to(),
        executed.codeHash(),
        done.oldStateRoot(),
        done.newStateRoot(),
        e.event().migrationDuration().toMillis(),
        e.event().estimatedDurationSecs());
    publish(done);
  }

  private void prepareSnapshotIfDueAfter(Block block) {
    Pending p = pending;
    Chain c = chain;
    if (p == null || c == null || p.record().activationHeight() != block.height() + 1) {
      return;
    }
    discardPrepared();
    var store = c.store();
    prepared =
        snapshotter.submit(() -> new ChainSnapshot(store.snapshot(), block.height(), block.hash()));
    preparedFor = block.height() + 1;
  }

  /** The snapshot of the state after the block before {@code height}: prepared, or taken now. */
  private ChainSnapshot preSnapshot(Chain c, long height) {
    Future<ChainSnapshot> ready = prepared;
    boolean usable = ready != null && preparedFor == height;
    prepared = null;
    preparedFor = -1;
    if (usable) {
      try {
        ChainSnapshot snapshot = ready.get();
        if (snapshot.height() == c.head().height()) {
          return snapshot;
        }
        c.store().releaseSnapshot(snapshot.id());
      } catch (ExecutionException e) {
        log.warn(
            "Prepared pre-upgrade snapshot failed ({}); taking it now", e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for the pre-upgrade snapshot", e);
      }
    } else if (ready != null) {
      releaseWhenDone(c, ready);
    }
    return c.snapshot();
  }

  private void discardPrepared() {
    Future<ChainSnapshot> stale = prepared;
    Chain c = chain;
    prepared = null;
    preparedFor = -1;
    if (stale != null && c != null) {
      releaseWhenDone(c, stale);
    }
  }

  private void releaseWhenDone(Chain c, Future<ChainSnapshot> future) {
    snapshotter.execute(
        () -> {
          try {
            c.store().releaseSnapshot(future.get().id());
          } catch (ExecutionException | InterruptedException | RuntimeException e) {
            // Nothing to release: the snapshot was never taken.
          }
        });
  }

  private boolean isRetained(LoadedRuntime runtime) {
    return retained.stream().anyMatch(r -> r.previous() == runtime || r.upgraded() == runtime);
  }

  // ---------------------------------------------------------------- rollback

  /** What a rollback did. */
  public record Rollback(
      UpgradeRecord upgrade, long restoredHeight, int revertedBlocks, int requeued) {}

  /**
   * The seed's {@code rollback_upgrade}: restores the snapshot taken just before the last executed
   * upgrade, re-activates the previous runtime (still loaded), and returns the transactions of
   * every reverted block to the front of the mempool, so they are executed again under the restored
   * runtime and none is lost.
   *
   * @throws UpgradeRefusedException when there is no executed upgrade to roll back
   */
  public Rollback rollbackUpgrade() {
    Retained r;
    Chain c;
    Mempool m;
    synchronized (this) {
      if (retained.isEmpty()) {
        throw new UpgradeRefusedException(
            "no executed upgrade to roll back (or its snapshot was pruned; max_snapshots is "
                + maxRetained
                + ")");
      }
      c = Objects.requireNonNull(chain, "attach(chain, mempool) first");
      m = Objects.requireNonNull(mempool, "attach(chain, mempool) first");
      r = retained.pop();
    }
    Stopwatch watch = Stopwatch.createStarted();
    production.pause();
    try {
      List<Block> reverted = c.restore(r.snapshot());
      c.store().releaseSnapshot(r.snapshot().id());
      List<Transaction> again = new ArrayList<>();
      for (Block b : reverted) {
        again.addAll(b.transactions());
      }
      m.requeueFront(again);
      synchronized (this) {
        active = r.previous();
        if (!isRetained(r.upgraded())) {
          registry.release(r.upgraded().codeHash());
        }
        UpgradeRecord rolledBack =
            replace(r.record().moveTo(UpgradeStatus.ROLLED_BACK, "rolled back"));
        metrics.active(active.version());
        metrics.rolledBack();
        log.warn(
            "Upgrade {} rolled back: {} -> {}, chain restored to height {}, {} blocks reverted, {}"
                + " transactions returned to the mempool, in {} ms",
            rolledBack.id(),
            rolledBack.to(),
            active.version(),
            r.snapshot().height(),
            reverted.size(),
            again.size(),
            watch.elapsed().toMillis());
        publish(
            new UpgradeRolledBack(
                rolledBack.id(),
                rolledBack.to(),
                active.version(),
                r.snapshot().height(),
                reverted.size(),
                again.size(),
                watch.elapsed()));
        return new Rollback(rolledBack, r.snapshot().height(), reverted.size(), again.size());
      }
    } finally {
      production.resume();
    }
  }

  // ---------------------------------------------------------------- queries

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

  /** Snapshots kept for rollback (one per executed upgrade still retained). */
  public synchronized int snapshotCount() {
    return retained.size();
  }

  /** Every upgrade this coordinator handled, oldest first. */
  public synchronized ImmutableList<UpgradeRecord> history() {
    return ImmutableList.copyOf(history);
  }

  /** True while block production is paused for a migration ({@code requiresPause}). */
  public boolean pausedForMigration() {
    return migrationPause;
  }

  /** The registry of loaded runtimes (the chain's resolver). */
  public RuntimeRegistry registry() {
    return registry;
  }

  private Optional<UpgradeRecord> lastRecord() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  private UpgradeRecord replace(UpgradeRecord updated) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).id() == updated.id()) {
        history.set(i, updated);
        return updated;
      }
    }
    history.add(updated);
    return updated;
  }

  private void release(Pending p) {
    p.plugins().forEach(LoadedMigrationPlugin::close);
    if (p.staged() != active && !isRetained(p.staged())) {
      registry.release(p.staged().codeHash());
    }
  }

  private void publish(UpgradeEvent event) {
    for (UpgradeListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("Upgrade listener {} failed on {}: {}", listener, event, e.toString());
      }
    }
  }
}
