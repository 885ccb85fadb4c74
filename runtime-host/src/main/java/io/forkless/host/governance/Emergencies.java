package io.forkless.host.governance;

import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceStore.Meta;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emergency actions (cancel, pause, resume, rollback): signed together by validators holding
 * the approval threshold of the stake, each carrying the chain's emergency nonce.
 */
final class Emergencies {

  private static final Logger log = LoggerFactory.getLogger(Emergencies.class);

  private final Signers signers;
  private final ValidatorSet validators;
  private final UpgradeConfig config;

  Emergencies(Signers signers, ValidatorSet validators, UpgradeConfig config) {
    this.signers = signers;
    this.validators = validators;
    this.config = config;
  }

  /**
   * Applies an emergency action signed by enough stake.
   *
   * @throws GovernanceException if a signer is unknown, a signature is bad, the signers hold less
   *     than the approval threshold of the stake, the nonce is stale, or the action does not fit
   *     the state
   */
  Governance.EmergencyOutcome apply(State state, long height, SignedGovernanceTx tx) {
    Emergency e = check(state, height, tx);
    Meta meta = GovernanceStore.meta(state);
    Optional<ProposalRecord> target = Optional.empty();
    boolean paused = meta.paused();
    switch (e.kind()) {
      case CANCEL:
        target =
            Optional.of(
                Governance.close(state, e.target(), ProposalStatus.CANCELLED, height, "cancelled"));
        break;
      case ROLLBACK:
        target =
            Optional.of(
                Governance.close(
                    state, e.target(), ProposalStatus.ROLLED_BACK, height, "rolled back"));
        break;
      case PAUSE:
        paused = true;
        break;
      case RESUME:
        paused = false;
        break;
    }
    GovernanceStore.putMeta(
        state, new Meta(meta.nextProposalId(), meta.emergencyNonce() + 1, paused));
    log.warn(
        "Emergency {}{} at height {} signed by {}",
        e.kind(),
        target
            .map(t -> " of upgrade proposal " + t.id() + " (" + t.proposal().newVersion() + ")")
            .orElse(""),
        height,
        tx.signatures().stream().map(SignedGovernanceTx.Signature::validator).toList());
    return new Governance.EmergencyOutcome(e.kind(), target);
  }

  /**
   * Checks an emergency transaction against {@code state} without applying it: the block producer
   * uses this before it acts (e.g. before reverting blocks for a rollback).
   *
   * @return the action, when it would be applied
   * @throws GovernanceException as {@link #applyEmergency}
   */
  Emergency check(StateView state, long height, SignedGovernanceTx tx) {
    Emergency e = Signers.expect(tx, Emergency.class);
    long stake = 0;
    byte[] message = SignedGovernanceTx.signingMessage(signers.chainId(), tx.nonce(), e);
    for (SignedGovernanceTx.Signature s : tx.signatures()) {
      Validator v = signers.validator(s.validator());
      signers.checkSignature(v, message, s.bytes());
      stake += v.stake();
    }
    if (!config.approvalThreshold().isMetBy(stake, validators.totalStake())) {
      throw new GovernanceException(
          "emergency "
              + e.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " needs signatures from validators holding at least "
              + config.approvalThreshold()
              + " of the stake ("
              + validators.totalStake()
              + "); the signers hold "
              + stake);
    }
    Meta meta = GovernanceStore.meta(state);
    if (e.emergencyNonce() != meta.emergencyNonce()) {
      throw new GovernanceException(
          "emergency nonce is "
              + meta.emergencyNonce()
              + " but the transaction carries "
              + e.emergencyNonce()
              + ": it was already used or signed for another state; sign it again with nonce "
              + meta.emergencyNonce());
    }
    switch (e.kind()) {
      case CANCEL:
        {
          ProposalRecord r = Governance.existing(state, e.target());
          if (r.status() == ProposalStatus.EXECUTED) {
            throw new GovernanceException(
                "proposal "
                    + r.id()
                    + " was already executed at height "
                    + r.closedHeight().orElse(-1)
                    + "; roll it back instead of cancelling");
          }
          if (!r.status().isOpen()) {
            throw new GovernanceException(
                "proposal "
                    + r.id()
                    + " is "
                    + Governance.lower(r.status())
                    + "; nothing to cancel");
          }
          break;
        }
      case ROLLBACK:
        {
          ProposalRecord r = Governance.existing(state, e.target());
          if (r.status() != ProposalStatus.EXECUTED) {
            throw new GovernanceException(
                "proposal "
                    + r.id()
                    + " is "
                    + Governance.lower(r.status())
                    + "; only an executed upgrade can be rolled back");
          }
          break;
        }
      case PAUSE:
        if (meta.paused()) {
          throw new GovernanceException("block production is already paused");
        }
        break;
      case RESUME:
        if (!meta.paused()) {
          throw new GovernanceException("block production is not paused");
        }
        break;
    }
    return e;
  }
}
