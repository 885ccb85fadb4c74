package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import java.util.OptionalLong;

/**
 * One upgrade in the coordinator's history.
 *
 * @param id the coordinator's id (1, 2, …), returned by {@code scheduleUpgrade}
 * @param proposalId the governance proposal it came from, if any
 * @param detail the failure cause, or empty
 */
public record UpgradeRecord(
    long id,
    OptionalLong proposalId,
    RuntimeVersion from,
    RuntimeVersion to,
    HashCode codeHash,
    long activationHeight,
    UpgradeStatus status,
    String detail) {

  /** The proposal id as an Optional, for stream-style lookups. */
  public java.util.Optional<Long> proposalIdBoxed() {
    return proposalId.isPresent()
        ? java.util.Optional.of(proposalId.getAsLong())
        : java.util.Optional.empty();
  }

  UpgradeRecord moveTo(UpgradeStatus next, String why) {
    return new UpgradeRecord(
        id, proposalId, from, to, codeHash, activationHeight, status.checkTransitionTo(next), why);
  }
}
