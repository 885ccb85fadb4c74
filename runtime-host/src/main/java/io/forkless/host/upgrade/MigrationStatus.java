package io.forkless.host.upgrade;

import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateView;
import io.forkless.host.migration.MigrationCursor;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.SteppedMigrationDriver;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A running multi-block migration as operators see it (status, RPC, metrics, dashboard), read from
 * the committed chain state: the same on every node at the same height.
 *
 * @param migrations the plan's migration names (empty when this node has not staged the upgrade)
 * @param migrationIndex the running migration's position in the plan
 * @param migration its name ("" when unknown)
 * @param keysDone keys the running migration wrote so far
 * @param keysEstimated its own estimate of its total (0 when it gave none)
 * @param blocksUsed blocks the plan has used, the activation block included
 * @param largestStepKeys the most keys one block's share touched
 * @param etaBlocks blocks still needed at the pace so far, when the migration gave an estimate
 * @param keysPerBlock the chain's budget per block
 * @param validating true once the plan's migrations are done and their stepped validation runs
 *     (then {@code migration} is the one validating and {@code keysDone} the keys it read)
 */
public record MigrationStatus(
    long upgradeId,
    RuntimeVersion from,
    RuntimeVersion to,
    long activationHeight,
    boolean usersPaused,
    List<String> migrations,
    int migrationIndex,
    String migration,
    long keysDone,
    long keysEstimated,
    long blocksUsed,
    long largestStepKeys,
    OptionalLong etaBlocks,
    long keysPerBlock,
    boolean validating) {

  /** The migration running in {@code state}, if one is. */
  static Optional<MigrationStatus> of(StateView state, List<String> planNames) {
    Optional<MigratingUpgrade> running = LifecycleRecords.migrating(state);
    if (running.isEmpty()) {
      return Optional.empty();
    }
    MigratingUpgrade m = running.get();
    MigrationCursor c =
        SteppedMigrationDriver.cursor(state)
            .filter(x -> x.upgradeId() == m.upgradeId())
            .orElse(MigrationCursor.start(m.upgradeId()));
    // Index n + i is migration i's validation (SteppedMigrationDriver's validation phase).
    boolean validating = !planNames.isEmpty() && c.migrationIndex() >= planNames.size();
    int index = planNames.isEmpty() ? c.migrationIndex() : c.migrationIndex() % planNames.size();
    String name = index < planNames.size() ? planNames.get(index) : "";
    Optional<Long> eta = c.etaBlocks();
    return Optional.of(
        new MigrationStatus(
            m.upgradeId(),
            m.previousVersion(),
            m.upgradedVersion(),
            m.activationHeight(),
            m.pausesUsers(),
            List.copyOf(planNames),
            index,
            name,
            c.keysDone(),
            c.keysEstimated(),
            c.blocksUsed(),
            c.largestStepKeys(),
            eta.isPresent() ? OptionalLong.of(eta.get()) : OptionalLong.empty(),
            MigrationParameters.read(state).keysPerBlock(),
            validating));
  }
}
