package io.forkless.host.governance;

import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.GovernanceStore.Meta;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade proposals' life in governance: a proposal signed by a validator, the validators'
 * votes, the close of the voting period (approved and scheduled, rejected or expired) and a
 * pre-check postponement. {@link Governance} routes the transactions here; like {@link Emergencies}
 * and {@link Parameters}, it checks everything before it writes.
 */
final class Proposals {

  private static final Logger log = LoggerFactory.getLogger(Governance.class);

  private final Signers signers;
  private final ValidatorSet validators;
  private final UpgradeConfig config;

  Proposals(Signers signers, ValidatorSet validators, UpgradeConfig config) {
    this.signers = signers;
    this.validators = validators;
    this.config = config;
  }

  /**
   * The seed's {@code propose_upgrade}: records a proposal signed by its proposer.
   *
   * @return the new proposal's id
   * @throws GovernanceException if the proposer is not a validator, the signature is bad, another
   *     proposal is open, the version cannot follow the active one, the plan does not start from
   *     the active version, or the activation delay is below the timelock
   */
  long propose(State state, long height, RuntimeVersion activeVersion, SignedGovernanceTx tx) {
    ProposeUpgrade p = Signers.expect(tx, ProposeUpgrade.class);
    signers.verifySingleSigner(tx, p.proposer(), "proposer");
    OptionalLong open = GovernanceStore.openProposal(state);
    if (open.isPresent()) {
      ProposalRecord other = GovernanceStore.proposal(state, open.getAsLong()).orElseThrow();
      throw new GovernanceException(
          "proposal "
              + other.id()
              + " ("
              + other.proposal().newVersion()
              + ") is still "
              + other.status().name().toLowerCase(java.util.Locale.ROOT)
              + "; only one upgrade proposal can be open at a time: wait for it or cancel it");
    }
    if (!activeVersion.canUpgradeTo(p.newVersion())) {
      throw new GovernanceException(
          "cannot upgrade from the active runtime "
              + activeVersion
              + " to "
              + p.newVersion()
              + ": the new version must be newer and skip no major version");
    }
    if (p.migrationPlan().isPresent()
        && !p.migrationPlan().get().plan().fromVersion().equals(activeVersion)) {
      throw new GovernanceException(
          "migration plan starts from "
              + p.migrationPlan().get().plan().fromVersion()
              + " but the active runtime is "
              + activeVersion);
    }
    if (p.activationDelay() < config.timelockDelay()) {
      throw new GovernanceException(
          "activation delay "
              + p.activationDelay()
              + " is below the timelock of "
              + config.timelockDelay()
              + " blocks");
    }
    Meta meta = GovernanceStore.meta(state);
    long id = meta.nextProposalId();
    UpgradeProposal proposal =
        new UpgradeProposal(
            id,
            p.proposer(),
            p.title(),
            p.description(),
            p.newVersion(),
            p.codeHash(),
            p.migrationPlan(),
            p.activationDelay());
    ProposalRecord record =
        new ProposalRecord(
            proposal,
            ProposalStatus.PROPOSED,
            height,
            height + config.votingPeriod(),
            0,
            0,
            OptionalLong.empty(),
            OptionalLong.empty(),
            "");
    GovernanceStore.putMeta(state, new Meta(id + 1, meta.emergencyNonce(), meta.paused()));
    GovernanceStore.putProposal(state, record);
    log.info(
        "Upgrade proposal {} to {} (code hash {}) by {} at height {}; voting ends at height {}",
        id,
        p.newVersion(),
        p.codeHash(),
        p.proposer(),
        height,
        record.votingEndsHeight());
    return id;
  }

  /**
   * The seed's {@code vote_upgrade}: counts a validator's signed vote. When the yes stake alone
   * reaches the approval threshold of the total stake, the proposal is approved and scheduled at
   * once.
   *
   * @return the proposal after the vote
   * @throws GovernanceException if the voter is not a validator, the signature is bad, the proposal
   *     does not exist or is not open for votes, its voting period is over, or the validator
   *     already voted
   */
  ProposalRecord vote(State state, long height, SignedGovernanceTx tx) {
    VoteUpgrade v = Signers.expect(tx, VoteUpgrade.class);
    Validator voter = signers.verifySingleSigner(tx, v.voter(), "voter");
    ProposalRecord record =
        GovernanceStore.proposal(state, v.proposalId())
            .orElseThrow(
                () -> new GovernanceException("proposal " + v.proposalId() + " does not exist"));
    if (record.status() != ProposalStatus.PROPOSED) {
      throw new GovernanceException(
          "proposal "
              + record.id()
              + " is "
              + record.status().name().toLowerCase(java.util.Locale.ROOT)
              + "; votes are closed");
    }
    if (height >= record.votingEndsHeight()) {
      throw new GovernanceException(
          "voting on proposal "
              + record.id()
              + " ended at height "
              + record.votingEndsHeight()
              + " (this block is "
              + height
              + ")");
    }
    Optional<Boolean> earlier = GovernanceStore.vote(state, record.id(), voter.name());
    if (earlier.isPresent()) {
      throw new GovernanceException(
          "'"
              + voter.name()
              + "' already voted "
              + (earlier.get() ? "yes" : "no")
              + " on proposal "
              + record.id()
              + "; votes are final");
    }
    ProposalRecord updated = record.withVote(v.approve(), voter.stake());
    if (config.approvalThreshold().isMetBy(updated.yesStake(), validators.totalStake())
        && meetsThresholds(updated.yesStake(), updated.noStake())) {
      updated = updated.scheduled(height);
      logScheduled(updated, height);
    }
    GovernanceStore.putVote(state, record.id(), voter.name(), v.approve());
    GovernanceStore.putProposal(state, updated);
    return updated;
  }

  /** The threshold rule on a tally, in exact integer arithmetic. */
  boolean meetsThresholds(long yesStake, long noStake) {
    long participating = Math.addExact(yesStake, noStake);
    return participating > 0
        && config.quorumThreshold().isMetBy(participating, validators.totalStake())
        && config.approvalThreshold().isMetBy(yesStake, participating);
  }

  /**
   * Closes the proposals whose voting period ends at {@code height}: approved (and scheduled),
   * rejected (quorum met, approval not) or expired (quorum not met). Call once per block, after the
   * block's governance transactions.
   *
   * @return the proposals it closed
   */
  List<ProposalRecord> endVotingPeriods(State state, long height) {
    OptionalLong open = GovernanceStore.openProposal(state);
    if (open.isEmpty()) {
      return List.of();
    }
    ProposalRecord r = GovernanceStore.proposal(state, open.getAsLong()).orElseThrow();
    if (r.status() != ProposalStatus.PROPOSED || height < r.votingEndsHeight()) {
      return List.of();
    }
    ProposalRecord closed;
    if (meetsThresholds(r.yesStake(), r.noStake())) {
      closed = r.scheduled(height);
      logScheduled(closed, height);
    } else if (config.quorumThreshold().isMetBy(r.participatingStake(), validators.totalStake())) {
      closed = r.withStatus(ProposalStatus.REJECTED, height, "approval threshold not met");
      log.info("Upgrade proposal {} rejected at height {}", r.id(), height);
    } else {
      closed = r.withStatus(ProposalStatus.EXPIRED, height, "quorum not met");
      log.info("Upgrade proposal {} expired at height {}: quorum not met", r.id(), height);
    }
    GovernanceStore.putProposal(state, closed);
    return List.of(closed);
  }

  /**
   * Moves the activation of the scheduled proposal {@code id} to {@code activationHeight} (a
   * pre-check postponement, issue #14).
   */
  ProposalRecord postpone(State state, long id, long activationHeight) {
    ProposalRecord r = Governance.existing(state, id);
    if (r.status() != ProposalStatus.SCHEDULED) {
      throw new GovernanceException(
          "proposal " + id + " is " + Governance.lower(r.status()) + ", not scheduled");
    }
    ProposalRecord moved =
        new ProposalRecord(
            r.proposal(),
            r.status(),
            r.proposedHeight(),
            r.votingEndsHeight(),
            r.yesStake(),
            r.noStake(),
            OptionalLong.of(activationHeight),
            r.closedHeight(),
            r.reason());
    GovernanceStore.putProposal(state, moved);
    return moved;
  }

  private void logScheduled(ProposalRecord r, long height) {
    log.info(
        "Upgrade proposal {} approved at height {} (yes {}, no {} of {}): {} activates at height {}",
        r.id(),
        height,
        r.yesStake(),
        r.noStake(),
        validators.totalStake(),
        r.proposal().newVersion(),
        r.activationHeight().getAsLong());
  }
}
