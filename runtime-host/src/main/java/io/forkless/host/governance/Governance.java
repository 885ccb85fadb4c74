package io.forkless.host.governance;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.TransactionValidity;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Applies governance transactions to the chain state and answers questions about proposals. The
 * rules are listed in {@code package-info.java}.
 *
 * <p>Every operation validates fully before it writes: a refused transaction leaves the state
 * untouched. Stateless apart from its configuration (the proposals live in the {@link State} it is
 * given), so one instance serves every block; thread-safe.
 */
public final class Governance {

  private final String chainId;
  private final ValidatorSet validators;
  private final UpgradeConfig config;
  private final Signers signers;
  private final Emergencies emergencies;
  private final Parameters parameters;
  private final Proposals proposals;
  private final Map<String, byte[]> genesisParameters;

  private Governance(
      String chainId,
      ValidatorSet validators,
      UpgradeConfig config,
      ParameterRules rules,
      Map<String, byte[]> genesisParameters) {
    this.chainId = chainId;
    this.validators = validators;
    this.config = config;
    this.signers = new Signers(chainId, validators);
    this.emergencies = new Emergencies(signers, validators, config);
    this.parameters = new Parameters(signers, validators, config, rules);
    this.proposals = new Proposals(signers, validators, config);
    this.genesisParameters = Map.copyOf(genesisParameters);
  }

  /**
   * @param chainId the chain every signature must name
   */
  public static Governance create(String chainId, ValidatorSet validators, UpgradeConfig config) {
    return create(chainId, validators, config, ParameterRules.NONE, Map.of());
  }

  /**
   * @param chainId the chain every signature must name
   * @param rules the chain parameters governance may change ({@link
   *     GovernanceAction.ChangeParameter})
   * @param genesisParameters parameter values written at genesis (a chain resumed from its store
   *     keeps what its state says)
   * @throws IllegalArgumentException for a blank chain id or an invalid genesis parameter
   */
  public static Governance create(
      String chainId,
      ValidatorSet validators,
      UpgradeConfig config,
      ParameterRules rules,
      Map<String, byte[]> genesisParameters) {
    if (chainId.isBlank()) {
      throw new IllegalArgumentException("chain id must not be blank");
    }
    Parameters.checkGenesis(rules, genesisParameters);
    return new Governance(chainId, validators, config, rules, genesisParameters);
  }

  /** Writes the genesis parameters (at genesis only). */
  public void initGenesis(State state) {
    parameters.initGenesis(state, genesisParameters);
  }

  /** Writes the parameter changes due at {@code height}: once per block, before it runs. */
  public void applyDueParameters(State state, long height) {
    parameters.applyDue(state, height);
  }

  /** The change of parameter {@code name} waiting for its height, if any. */
  public Optional<PendingParameter> pendingParameter(StateView state, String name) {
    return parameters.pending(state, name);
  }

  public String chainId() {
    return chainId;
  }

  public ValidatorSet validators() {
    return validators;
  }

  public UpgradeConfig config() {
    return config;
  }

  /** What an applied emergency transaction did, so the caller can act on it (e.g. roll back). */
  public record EmergencyOutcome(EmergencyKind kind, Optional<ProposalRecord> target) {}

  /** The next governance nonce of {@code validator}: what its next action must carry. */
  public long nonce(StateView state, String validator) {
    return GovernanceStore.nonce(state, validator);
  }

  /**
   * The mempool's check of a host transaction against {@code state}: well formed, every signer a
   * validator whose signature verifies, and a nonce not yet used by its submitter. Never throws.
   */
  public TransactionValidity validate(StateView state, byte[] payload) {
    SignedGovernanceTx tx;
    try {
      tx = SignedGovernanceTx.decode(payload);
    } catch (IllegalArgumentException e) {
      return TransactionValidity.invalid("malformed governance transaction: " + e.getMessage());
    }
    try {
      authenticate(tx);
    } catch (GovernanceException e) {
      return TransactionValidity.invalid(e.getMessage());
    }
    long next = nonce(state, tx.submitter());
    if (tx.nonce() < next) {
      return TransactionValidity.invalid(nonceReason(tx, next));
    }
    return TransactionValidity.ordered(
        tx.submitter().getBytes(java.nio.charset.StandardCharsets.UTF_8), tx.nonce(), next);
  }

  /** Every signer is a validator whose signature of this transaction verifies. */
  private void authenticate(SignedGovernanceTx tx) {
    byte[] message = SignedGovernanceTx.signingMessage(chainId, tx.nonce(), tx.action());
    for (SignedGovernanceTx.Signature s : tx.signatures()) {
      signers.checkSignature(signers.validator(s.validator()), message, s.bytes());
    }
  }

  private static String nonceReason(SignedGovernanceTx tx, long next) {
    return (tx.nonce() < next ? "replayed" : "out-of-order")
        + " governance nonce "
        + tx.nonce()
        + " of '"
        + tx.submitter()
        + "': its next nonce is "
        + next;
  }

  /**
   * Applies a host-level governance transaction from a block. Never throws for bad input: a
   * malformed or badly signed transaction, or one whose nonce is not its submitter's next, gets a
   * rejected receipt saying why and writes nothing. An authenticated transaction uses its nonce; if
   * the action is then refused (e.g. a vote on a proposal that does not exist yet) the receipt is
   * {@link Receipt#failed} with the reason, keeping only the nonce: the action handlers check
   * everything before they write.
   *
   * @param activeVersion the runtime version active before this block
   */
  public Receipt apply(
      State state, BlockContext block, RuntimeVersion activeVersion, byte[] payload) {
    SignedGovernanceTx tx;
    try {
      tx = SignedGovernanceTx.decode(payload);
    } catch (IllegalArgumentException e) {
      return Receipt.rejected("malformed governance transaction: " + e.getMessage());
    }
    try {
      authenticate(tx);
    } catch (GovernanceException e) {
      return Receipt.rejected(e.getMessage());
    }
    long next = nonce(state, tx.submitter());
    if (tx.nonce() != next) {
      return Receipt.rejected(nonceReason(tx, next));
    }
    GovernanceStore.putNonce(state, tx.submitter(), next + 1);
    try {
      GovernanceAction action = tx.action();
      if (action instanceof ProposeUpgrade) {
        long id = proposeUpgrade(state, block.height(), activeVersion, tx);
        ProposalRecord r = proposal(state, id).orElseThrow();
        return Receipt.ok(
            "proposal " + id + " created; voting ends at height " + r.votingEndsHeight());
      }
      if (action instanceof VoteUpgrade) {
        ProposalRecord r = voteUpgrade(state, block.height(), tx);
        return Receipt.ok(
            "vote counted on proposal "
                + r.id()
                + ": yes "
                + r.yesStake()
                + ", no "
                + r.noStake()
                + " of "
                + validators.totalStake()
                + (r.status() == ProposalStatus.SCHEDULED
                    ? "; approved, activates at height " + r.activationHeight().getAsLong()
                    : ""));
      }
      if (action instanceof GovernanceAction.ChangeParameter) {
        GovernanceAction.ChangeParameter c = parameters.apply(state, block.height(), tx);
        return Receipt.ok("parameter " + c.name() + " changes at height " + c.activationHeight());
      }
      EmergencyOutcome outcome = applyEmergency(state, block.height(), tx);
      return Receipt.ok(
          "emergency "
              + outcome.kind()
              + outcome.target().map(t -> " of proposal " + t.id()).orElse("")
              + " done");
    } catch (GovernanceException | IllegalArgumentException e) {
      return Receipt.failed(e.getMessage());
    }
  }

  /**
   * The seed's {@code propose_upgrade}: records a proposal signed by its proposer.
   *
   * @return the new proposal's id
   * @throws GovernanceException if the proposer is not a validator, the signature is bad, another
   *     proposal is open, the version cannot follow the active one, the plan does not start from
   *     the active version, or the activation delay is below the timelock
   */
  public long proposeUpgrade(
      State state, long height, RuntimeVersion activeVersion, SignedGovernanceTx tx) {
    return proposals.propose(state, height, activeVersion, tx);
  }

  /**
   * The seed's {@code vote_upgrade}: counts a validator's signed vote; the proposal is scheduled as
   * soon as the yes stake alone reaches the approval threshold of the total stake.
   *
   * @return the proposal after the vote
   * @throws GovernanceException if the voter is not a validator, the signature is bad, the proposal
   *     does not exist or is not open for votes, its voting period is over, or the validator
   *     already voted
   */
  public ProposalRecord voteUpgrade(State state, long height, SignedGovernanceTx tx) {
    return proposals.vote(state, height, tx);
  }

  /**
   * Applies an emergency action signed by enough stake.
   *
   * @throws GovernanceException if a signer is unknown, a signature is bad, the signers hold less
   *     than the approval threshold of the stake, the nonce is stale, or the action does not fit
   *     the state
   */
  public EmergencyOutcome applyEmergency(State state, long height, SignedGovernanceTx tx) {
    return emergencies.apply(state, height, tx);
  }

  /**
   * Checks an emergency transaction against {@code state} without applying it (e.g. before the node
   * queues a rollback).
   *
   * @return the action, when it would be applied
   * @throws GovernanceException as {@link #applyEmergency}
   */
  public Emergency checkEmergency(StateView state, long height, SignedGovernanceTx tx) {
    long next = nonce(state, tx.submitter());
    if (tx.nonce() != next) {
      throw new GovernanceException(nonceReason(tx, next));
    }
    return emergencies.check(state, height, tx);
  }

  /**
   * The seed's {@code is_approved}: participating stake ≥ quorum × total stake and yes stake ≥
   * approval × participating stake, on the current tally, exactly.
   */
  public boolean isApproved(StateView state, long proposalId) {
    return GovernanceStore.proposal(state, proposalId)
        .map(r -> meetsThresholds(r.yesStake(), r.noStake()))
        .orElse(false);
  }

  /** The threshold rule on a tally, in exact integer arithmetic. */
  public boolean meetsThresholds(long yesStake, long noStake) {
    return proposals.meetsThresholds(yesStake, noStake);
  }

  /**
   * Closes the proposals whose voting period ends at {@code height}: approved (and scheduled),
   * rejected (quorum met, approval not) or expired (quorum not met). Call once per block, after the
   * block's governance transactions.
   *
   * @return the proposals it closed
   */
  public List<ProposalRecord> endVotingPeriods(State state, long height) {
    return proposals.endVotingPeriods(state, height);
  }

  /** The scheduled proposal that activates at {@code height}, if any. */
  public Optional<ProposalRecord> dueForActivation(StateView state, long height) {
    return openProposal(state)
        .filter(
            r ->
                r.status() == ProposalStatus.SCHEDULED
                    && r.activationHeight().equals(OptionalLong.of(height)));
  }

  /**
   * Moves the activation of the scheduled proposal {@code id} to {@code activationHeight} (a
   * pre-check postponement, issue #14).
   */
  public ProposalRecord postpone(State state, long id, long activationHeight) {
    return proposals.postpone(state, id, activationHeight);
  }

  /** Records that the upgrade of proposal {@code id} executed at {@code height}. */
  public ProposalRecord markExecuted(State state, long id, long height) {
    return close(state, id, ProposalStatus.EXECUTED, height, "");
  }

  /** Records that the upgrade of proposal {@code id} failed deterministically at {@code height}. */
  public ProposalRecord markFailed(State state, long id, long height, String cause) {
    return close(state, id, ProposalStatus.FAILED, height, cause);
  }

  /** A proposal by id. */
  public Optional<ProposalRecord> proposal(StateView state, long id) {
    return GovernanceStore.proposal(state, id);
  }

  /** The proposal that is proposed or scheduled, if any. */
  public Optional<ProposalRecord> openProposal(StateView state) {
    OptionalLong id = GovernanceStore.openProposal(state);
    return id.isPresent() ? GovernanceStore.proposal(state, id.getAsLong()) : Optional.empty();
  }

  /** Every proposal, oldest first. */
  public List<ProposalRecord> proposals(StateView state) {
    return GovernanceStore.proposals(state);
  }

  /** The nonce the next emergency transaction must carry. */
  public long emergencyNonce(StateView state) {
    return GovernanceStore.meta(state).emergencyNonce();
  }

  /** Whether governance has paused block production (only governance transactions are included). */
  public boolean isPaused(StateView state) {
    return GovernanceStore.meta(state).paused();
  }

  static ProposalRecord close(
      State state, long id, ProposalStatus status, long height, String why) {
    ProposalRecord r = existing(state, id);
    ProposalRecord closed;
    try {
      closed = r.withStatus(status, height, why);
    } catch (IllegalStateException e) {
      throw new GovernanceException("proposal " + id + ": " + e.getMessage());
    }
    GovernanceStore.putProposal(state, closed);
    return closed;
  }

  static ProposalRecord existing(StateView state, long id) {
    return GovernanceStore.proposal(state, id)
        .orElseThrow(() -> new GovernanceException("proposal " + id + " does not exist"));
  }

  static String lower(ProposalStatus status) {
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }
}
