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
   * An executed upgrade was rolled back: the chain is back at {@code restoredHeight} with {@code
   * to} active, {@code revertedBlocks} blocks were reverted and their transactions returned to the
   * mempool.
   */
  record UpgradeRolledBack(
      long upgradeId,
      RuntimeVersion from,
      RuntimeVersion to,
      long restoredHeight,
      int revertedBlocks,
      int requeuedTransactions,
      Duration duration)
      implements UpgradeEvent {}
}
