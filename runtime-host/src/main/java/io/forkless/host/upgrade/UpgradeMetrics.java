package io.forkless.host.upgrade;

import io.forkless.api.RuntimeVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The coordinator's Micrometer meters (Prometheus names in brackets): runtime version
 * [forkless_runtime_version_{major,minor,patch}], pending upgrade [forkless_upgrade_pending,
 * forkless_upgrade_pending_activation_height], snapshots [forkless_snapshots], upgrades executed /
 * failed / rolled back [forkless_upgrades_*_total], success ratio [forkless_upgrade_success_ratio],
 * migration duration [forkless_upgrade_migration_seconds] and the activation block's extra time
 * [forkless_upgrade_swap_pause_seconds]; a running multi-block migration
 * [forkless_migration_running, forkless_migration_keys_done, forkless_migration_keys_estimated,
 * forkless_migration_blocks, forkless_migration_eta_blocks (-1 when unknown),
 * forkless_migration_steps_total, forkless_migration_step_keys].
 */
final class UpgradeMetrics {

  private final AtomicReference<RuntimeVersion> version;
  private final AtomicLong pendingActivation = new AtomicLong(-1);
  private final Counter executed;
  private final Counter failed;
  private final Counter rolledBack;
  private final Counter warmUpFailures;
  private final Timer migration;
  private final Timer swapPause;
  private final MeterRegistry registry;
  private final Counter steps;
  private final io.micrometer.core.instrument.DistributionSummary stepKeys;

  UpgradeMetrics(MeterRegistry registry, RuntimeVersion initial, IntSupplier snapshots) {
    this.registry = registry;
    version = new AtomicReference<>(initial);
    steps =
        Counter.builder("forkless.migration.steps")
            .description("blocks' shares of multi-block migrations run")
            .register(registry);
    stepKeys =
        io.micrometer.core.instrument.DistributionSummary.builder("forkless.migration.step.keys")
            .description("keys one block's share of a migration touched")
            .register(registry);
    Gauge.builder("forkless.runtime.version.major", version, v -> v.get().major())
        .description("major version of the active runtime")
        .strongReference(true)
        .register(registry);
    Gauge.builder("forkless.runtime.version.minor", version, v -> v.get().minor())
        .strongReference(true)
        .register(registry);
    Gauge.builder("forkless.runtime.version.patch", version, v -> v.get().patch())
        .strongReference(true)
        .register(registry);
    Gauge.builder("forkless.upgrade.pending", pendingActivation, p -> p.get() >= 0 ? 1 : 0)
        .description("1 while an upgrade is scheduled")
        .strongReference(true)
        .register(registry);
    Gauge.builder("forkless.upgrade.pending.activation.height", pendingActivation, AtomicLong::get)
        .description("activation height of the scheduled upgrade, -1 when none")
        .strongReference(true)
        .register(registry);
    Gauge.builder("forkless.snapshots", snapshots, s -> s.getAsInt())
        .description("pre-upgrade snapshots kept for rollback")
        .strongReference(true)
        .register(registry);
    executed = Counter.builder("forkless.upgrades.executed").register(registry);
    failed = Counter.builder("forkless.upgrades.failed").register(registry);
    rolledBack = Counter.builder("forkless.upgrades.rolledback").register(registry);
    warmUpFailures =
        Counter.builder("forkless.upgrades.warmup.failures")
            .description("staged runtimes whose warm-up failed with an error (see /health)")
            .register(registry);
    Gauge.builder("forkless.upgrade.success.ratio", this, UpgradeMetrics::successRatio)
        .description("executed / (executed + failed); 1 before any upgrade")
        .strongReference(true)
        .register(registry);
    migration = Timer.builder("forkless.upgrade.migration").register(registry);
    swapPause = Timer.builder("forkless.upgrade.swap.pause").register(registry);
  }

  /** Gauges of the running multi-block migration, read from {@code status} at each scrape. */
  void migration(java.util.function.Supplier<java.util.Optional<MigrationStatus>> status) {
    register("forkless.migration.running", "1 while a multi-block migration runs", status, m -> 1);
    register(
        "forkless.migration.keys.done",
        "keys the running migration wrote",
        status,
        m -> m.keysDone());
    register(
        "forkless.migration.keys.estimated",
        "the running migration's estimate of its keys (0 when unknown)",
        status,
        m -> m.keysEstimated());
    register(
        "forkless.migration.blocks",
        "blocks the running plan has used",
        status,
        m -> m.blocksUsed());
    Gauge.builder(
            "forkless.migration.eta.blocks",
            status,
            s ->
                s.get()
                    .flatMap(
                        m ->
                            m.etaBlocks().isPresent()
                                ? java.util.Optional.of((double) m.etaBlocks().getAsLong())
                                : java.util.Optional.empty())
                    .orElse(-1.0))
        .description("blocks the running migration still needs at its pace, -1 when unknown")
        .strongReference(true)
        .register(registry);
  }

  private void register(
      String name,
      String description,
      java.util.function.Supplier<java.util.Optional<MigrationStatus>> status,
      java.util.function.ToDoubleFunction<MigrationStatus> value) {
    Gauge.builder(name, status, s -> s.get().map(value::applyAsDouble).orElse(0.0))
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /** A multi-block migration's event: counts its steps and the keys of each. */
  void migrationEvent(io.forkless.host.migration.MigrationEvent event) {
    if (event instanceof io.forkless.host.migration.MigrationEvent.Stepped s) {
      steps.increment();
      stepKeys.record(s.keysThisBlock());
    }
  }

  private double successRatio() {
    double done = executed.count() + failed.count();
    return done == 0 ? 1.0 : executed.count() / done;
  }

  void active(RuntimeVersion v) {
    version.set(v);
  }

  void warmUpFailed() {
    warmUpFailures.increment();
  }

  void pending(long activationHeight) {
    pendingActivation.set(activationHeight);
  }

  void executed(Duration migrationTime, Duration activationTime) {
    executed.increment();
    migration.record(migrationTime);
    swapPause.record(activationTime);
  }

  void failed() {
    failed.increment();
  }

  void rolledBack() {
    rolledBack.increment();
  }
}
