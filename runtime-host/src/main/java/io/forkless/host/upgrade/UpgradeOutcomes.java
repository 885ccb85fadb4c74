package io.forkless.host.upgrade;

import com.google.common.collect.ImmutableList;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Block;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeCancelled;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeFailed;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeRolledBack;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeScheduled;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an upgrade ended, told once: its history record moved to the final status, the metrics, the
 * operator's log line and the event for the listeners. Runs on the caller's thread, under the
 * coordinator's lock.
 */
final class UpgradeOutcomes {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  private final UpgradeHistory history;
  private final UpgradeMetrics metrics;

  UpgradeOutcomes(UpgradeHistory history, UpgradeMetrics metrics) {
    this.history = history;
    this.metrics = metrics;
  }

  UpgradeMetrics metrics() {
    return metrics;
  }

  /** Upgrade {@code record} was scheduled (its code verified, loaded and warmed up). */
  void scheduled(UpgradeRecord record, Optional<MigrationPlan> plan) {
    history.add(record);
    metrics.pending(record.activationHeight());
    List<String> names = plan.map(MigrationPlan::migrationNames).orElse(List.of());
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
  }

  /** The scheduled upgrade {@code p} was cancelled before it executed. */
  UpgradeRecord cancelled(PendingUpgrade p) {
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

  /**
   * The activation of {@code p} at {@code height} failed: nothing changed, the old runtime stays.
   */
  UpgradeRecord failed(PendingUpgrade p, long height, String cause, RuntimeVersion active) {
    return failed(p, height, cause, "The state is unchanged and " + active + " stays active.");
  }

  /**
   * A multi-block migration failed at {@code height}: the runtime state returns to that before
   * {@code activationHeight} (in this block or, for a plan that lets users in, the next), and the
   * transactions since re-execute on {@code active}.
   */
  UpgradeRecord failedMigrating(
      PendingUpgrade p, long height, String cause, RuntimeVersion active, long activationHeight) {
    return failed(
        p,
        height,
        cause,
        active
            + " stays active; the runtime state returns to that before height "
            + activationHeight
            + " and the transactions since re-execute on it.");
  }

  private UpgradeRecord failed(PendingUpgrade p, long height, String cause, String afterwards) {
    UpgradeRecord failed = history.replace(p.record().moveTo(UpgradeStatus.FAILED, cause));
    metrics.pending(-1);
    metrics.failed();
    log.error(
        "Upgrade {} to {} (code hash {}) FAILED at height {}: {}. {}",
        failed.id(),
        failed.to(),
        failed.codeHash(),
        height,
        cause,
        afterwards);
    history.publish(
        new UpgradeFailed(
            failed.id(), failed.from(), failed.to(), failed.codeHash(), height, cause));
    return failed;
  }

  /** The activation block of {@code e} was committed: the upgrade is final. */
  void executed(ExecutingUpgrade e, Block block, RuntimeVersion previous, RuntimeVersion active) {
    PendingUpgrade p = e.pending();
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
    metrics.active(active);
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
        previous);
    history.publish(done);
  }

  /** The block that rolled an upgrade back was committed. */
  void rolledBack(UpgradeRolledBack done, LoadedRuntime active) {
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
}
