package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;

/**
 * A staged runtime failed its warm-up with an {@link Error} (a stack overflow, out of memory, a
 * linkage error) or a metering limit: the upgrade stays scheduled, but the runtime will likely fail
 * the same way in blocks once active. Reported on {@code /health}, by {@code forkless status}, on
 * the dashboard, by the {@code forkless_upgrades_warmup_failures_total} counter and in the log.
 *
 * @param upgradeId the upgrade's id (the proposal id on a governed chain)
 * @param version the staged runtime's version
 * @param codeHash the staged runtime's code hash
 * @param activationHeight the height the upgrade is scheduled for
 * @param cause the error, as {@code ClassName: message}
 * @param transaction how many transactions the warm-up had applied before this one (0-based index)
 * @param fromHeight the height of the block the failing transaction was taken from
 */
public record WarmUpFailure(
    long upgradeId,
    RuntimeVersion version,
    HashCode codeHash,
    long activationHeight,
    String cause,
    long transaction,
    long fromHeight) {

  /** The operator's text: what failed, what it means, what to do. */
  public String describe() {
    return "warm-up of staged runtime "
        + version
        + " (code hash "
        + codeHash
        + ") for upgrade proposal "
        + upgradeId
        + " failed on a transaction of block "
        + fromHeight
        + " (after "
        + transaction
        + " warm-up transactions): "
        + cause
        + "; the upgrade stays scheduled for height "
        + activationHeight
        + " and the runtime will likely fail so in blocks: check it, and cancel proposal "
        + upgradeId
        + " by governance if it is faulty";
  }
}
