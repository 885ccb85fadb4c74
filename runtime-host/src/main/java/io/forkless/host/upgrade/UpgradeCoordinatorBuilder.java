package io.forkless.host.upgrade;

import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Options of an {@link UpgradeCoordinator}: {@code UpgradeCoordinator.builder(registry, initial)}.
 */
public final class UpgradeCoordinatorBuilder {
  final RuntimeRegistry registry;
  final LoadedRuntime initial;
  int maxSnapshots = 10;
  ProductionControl production = ProductionControl.NONE;
  MeterRegistry meters = new SimpleMeterRegistry();
  @Nullable StateStore store;
  @Nullable StepBudget migrationBudget;

  UpgradeCoordinatorBuilder(RuntimeRegistry registry, LoadedRuntime initial) {
    this.registry = registry;
    this.initial = initial;
  }

  /** The {@code [upgrade] max_snapshots}: previous runtimes (and snapshots) kept for rollback. */
  public UpgradeCoordinatorBuilder maxSnapshots(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max_snapshots must be >= 1 but was " + max);
    }
    this.maxSnapshots = max;
    return this;
  }

  /** What {@code requiresPause} pauses: the node's block producer. */
  public UpgradeCoordinatorBuilder production(ProductionControl control) {
    this.production = control;
    return this;
  }

  public UpgradeCoordinatorBuilder meters(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  /** The chain's store (required): lifecycle records, blocks and rollback snapshots. */
  public UpgradeCoordinatorBuilder store(StateStore store) {
    this.store = store;
    return this;
  }

  /**
   * The chain's multi-block migration budget, written into the genesis state (a chain parameter:
   * without it, {@link StepBudget#DEFAULT}). Only a new chain's genesis takes it.
   */
  public UpgradeCoordinatorBuilder migrationBudget(@Nullable StepBudget budget) {
    this.migrationBudget = budget;
    return this;
  }

  public UpgradeCoordinator build() {
    return new UpgradeCoordinator(this);
  }
}
