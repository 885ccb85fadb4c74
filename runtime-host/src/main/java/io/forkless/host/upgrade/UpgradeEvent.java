package io.forkless.host.upgrade;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.migration.MigrationReport;
import java.time.Duration;

/** What the coordinator tells listeners; each event is also logged. Immutable values. */
public sealed interface UpgradeEvent
    permits UpgradeEvent.UpgradeScheduled,
        UpgradeEvent.UpgradeExecuted,
        UpgradeEvent.UpgradeFailed,
        UpgradeEvent.UpgradeCancelled,
        UpgradeEvent.UpgradeRolledBack {

  /** The upgrade this event is about. */
  long upgradeId();

  /** An upgrade was verified, loaded and scheduled. */
  record UpgradeScheduled(
      long upgradeId,
      RuntimeVersion from,
      RuntimeVersion to,
      HashCode codeHash,
      long activationHeight,
      ImmutableList<String> migrations)
      implements UpgradeEvent {}

  /**
   * An upgrade executed at {@code height}: the block at that height and every later one run {@code
   * to}.
   *
   * @param oldStateRoot the state root after the block before the activation
   * @param newStateRoot the state root after the activation block (migrations and its transactions)
   * @param migrationDuration measured time of the plan's migrations and validations
   * @param estimatedDurationSecs the plan's estimate, for comparison (0 without a plan)
   */
  record UpgradeExecuted(
      long upgradeId,
      RuntimeVersion from,
      RuntimeVersion to,
      HashCode codeHash,
      long height,
      HashCode oldStateRoot,
      HashCode newStateRoot,
      Duration migrationDuration,
      long estimatedDurationSecs,
      ImmutableList<MigrationReport> migrations)
      implements UpgradeEvent {}

  /** An upgrade failed at {@code height}; the state is unchanged and {@code from} stays active. */
  record UpgradeFailed(
      long upgradeId,
      RuntimeVersion from,
      RuntimeVersion to,
      HashCode codeHash,
      long height,
      String cause)
      implements UpgradeEvent {}

  /** A scheduled upgrade was cancelled before it executed. */
  record UpgradeCancelled(long upgradeId, RuntimeVersion to, HashCode codeHash)
      implements UpgradeEvent {}

  /**
   * An executed upgrade was rolled back forward: the block at {@code height} set the state to what
   * it was after block {@code restoredHeight} (the one before the activation), re-activated {@code
   * to}, and queued the {@code requeuedTransactions} runtime transactions of the {@code
   * blocksSinceActivation} blocks since the activation for re-execution in the following blocks. No
   * block was reverted: heights and receipts stay as they were.
   */
  record UpgradeRolledBack(
      long upgradeId,
      RuntimeVersion from,
      RuntimeVersion to,
      long height,
      long restoredHeight,
      int blocksSinceActivation,
      int requeuedTransactions,
      Duration duration)
      implements UpgradeEvent {}
}
