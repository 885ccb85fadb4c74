package io.forkless.host.governance;

import java.util.OptionalLong;

/**
 * A proposal with where it stands: its status, tally and key heights. Immutable; governance stores
 * a new record on every change.
 *
 * @param proposal what was proposed
 * @param status where it is in its lifecycle
 * @param proposedHeight the block that included the proposal
 * @param votingEndsHeight the first height at which votes are no longer accepted
 * @param yesStake stake of the validators that voted yes
 * @param noStake stake of the validators that voted no
 * @param activationHeight set once approved: the block at which the upgrade activates
 * @param closedHeight set once the proposal left the open states: the block that closed it
 * @param reason why it closed, when it did not simply execute (e.g. the failure's cause)
 */
public record ProposalRecord(
    UpgradeProposal proposal,
    ProposalStatus status,
    long proposedHeight,
    long votingEndsHeight,
    long yesStake,
    long noStake,
    OptionalLong activationHeight,
    OptionalLong closedHeight,
    String reason) {

  /** The proposal's id. */
  public long id() {
    return proposal.id();
  }

  /** Stake that has voted either way. */
  public long participatingStake() {
    return yesStake + noStake;
  }

  ProposalRecord withStatus(ProposalStatus next, long height, String why) {
    return new ProposalRecord(
        proposal,
        status.checkTransitionTo(next),
        proposedHeight,
        votingEndsHeight,
        yesStake,
        noStake,
        activationHeight,
        next.isOpen() ? closedHeight : OptionalLong.of(height),
        why);
  }

  ProposalRecord scheduled(long approvalHeight) {
    long activation = approvalHeight + Math.max(1, proposal.activationDelay());
    return new ProposalRecord(
            proposal,
            status,
            proposedHeight,
            votingEndsHeight,
            yesStake,
            noStake,
            OptionalLong.of(activation),
            closedHeight,
            reason)
        .withStatus(ProposalStatus.SCHEDULED, approvalHeight, "");
  }

  ProposalRecord withVote(boolean approve, long stake) {
    return new ProposalRecord(
        proposal,
        status,
        proposedHeight,
        votingEndsHeight,
        approve ? Math.addExact(yesStake, stake) : yesStake,
        approve ? noStake : Math.addExact(noStake, stake),
        activationHeight,
        closedHeight,
        reason);
  }
}
