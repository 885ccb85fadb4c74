package io.forkless.host.upgrade;

import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything {@link UpgradeCoordinator#scheduleUpgrade(UpgradeRequest)} needs.
 *
 * @param version the version the new runtime must declare
 * @param code the runtime JAR and its approved code hash
 * @param activationHeight the block at which the new runtime takes over (executes that block)
 * @param plan the migrations to run, if the state layout changes
 * @param migrationPlugins plugin JARs (with approved hashes) providing the plan's migrations
 * @param proposalId the governance proposal this upgrade implements, if any
 */
public record UpgradeRequest(
    RuntimeVersion version,
    RuntimeCode code,
    long activationHeight,
    Optional<MigrationPlan> plan,
    List<RuntimeCode> migrationPlugins,
    OptionalLong proposalId) {

  public UpgradeRequest {
    migrationPlugins = List.copyOf(migrationPlugins);
  }
}
