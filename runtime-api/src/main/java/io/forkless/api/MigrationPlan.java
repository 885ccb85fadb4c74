package io.forkless.api;

import java.util.List;
import java.util.Objects;

/**
 * Which migrations an upgrade runs, in order, to move state from {@code fromVersion}'s layout to
 * {@code toVersion}'s.
 *
 * @param fromVersion the runtime version the plan starts from
 * @param toVersion the runtime version the plan leads to
 * @param migrationNames the {@link StateMigration#name()}s to run, in order, without duplicates
 * @param estimatedDurationSecs the author's estimate, compared with the measured duration
 *     afterwards
 * @param requiresPause whether block production pauses while the migration runs
 */
public record MigrationPlan(
    RuntimeVersion fromVersion,
    RuntimeVersion toVersion,
    List<String> migrationNames,
    long estimatedDurationSecs,
    boolean requiresPause) {

  /**
   * @throws IllegalArgumentException if toVersion is not newer than fromVersion, a name is blank or
   *     repeated, or the estimate is negative
   */
  public MigrationPlan {
    Objects.requireNonNull(fromVersion, "fromVersion");
    Objects.requireNonNull(toVersion, "toVersion");
    migrationNames = List.copyOf(migrationNames);
    if (!fromVersion.canUpgradeTo(toVersion)) {
      throw new IllegalArgumentException(
          "migration plan must lead to an allowed upgrade but goes from "
              + fromVersion
              + " to "
              + toVersion);
    }
    if (migrationNames.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("migration names must not be blank: " + migrationNames);
    }
    if (migrationNames.stream().distinct().count() != migrationNames.size()) {
      throw new IllegalArgumentException("migration names must be distinct: " + migrationNames);
    }
    if (estimatedDurationSecs < 0) {
      throw new IllegalArgumentException(
          "estimatedDurationSecs must be >= 0 but was " + estimatedDurationSecs);
    }
  }
}
