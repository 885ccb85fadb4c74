package io.forkless.host.governance;

import static io.forkless.host.governance.GovernanceFixture.CHAIN;
import static io.forkless.host.governance.GovernanceFixture.V1;
import static io.forkless.host.governance.GovernanceFixture.V2;
import static io.forkless.host.governance.GovernanceFixture.proposal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GovernanceTest {

  private final GovernanceFixture f = new GovernanceFixture(GovernanceFixture.config());

  /** Submits {@code tx} and checks it is refused with {@code reason} and changes no state. */
  /**
   * The transaction is refused with {@code reason}; nothing changes but, when its signatures
   * verified and its nonce was the submitter's next, that nonce (so the next action is not stuck).
   */
  private void assertRefused(long height, SignedGovernanceTx tx, String reason) {
    MemoryState expected = f.state.copy();
    long next = f.governance.nonce(f.state, tx.submitter());
    Receipt receipt =
        f.governance.apply(
            f.state,
            new BlockContext("test-chain", height, 0, io.forkless.host.crypto.HostCrypto.INSTANCE),
            V1,
            tx.encode());
    assertThat(receipt.success()).as("receipt %s", receipt).isFalse();
    assertThat(receipt.message()).contains(reason);
    if (receipt.keepWrites()) {
      GovernanceStore.putNonce(expected, tx.submitter(), next + 1);
    }
    assertThat(f.state.sameContentAs(expected)).as("state unchanged but the nonce").isTrue();
  }

  private void assertRefusedPayload(long height, byte[] payload, String reason) {
    MemoryState before = f.state.copy();
    Receipt receipt =
        f.governance.apply(
            f.state,
            new BlockContext("test-chain", height, 0, io.forkless.host.crypto.HostCrypto.INSTANCE),
            V1,
            payload);
    assertThat(receipt.success()).as("receipt %s", receipt).isFalse();
    assertThat(receipt.message()).contains(reason);
    assertThat(f.state.sameContentAs(before)).as("state unchanged").isTrue();
  }

  @Test
  void approvalByEnoughYesStakeSchedulesTheUpgradeAfterTheActivationDelay() {
    long id = f.propose();
    assertThat(f.submit(2, f.vote(id, "alice", true)).success()).isTrue();
    assertThat(f.governance.proposal(f.state, id).orElseThrow().status())
        .isEqualTo(ProposalStatus.PROPOSED);
    Receipt receipt = f.submit(3, f.vote(id, "bob", true));
    assertThat(receipt.message()).contains("approved, activates at height 13");
    ProposalRecord r = f.governance.proposal(f.state, id).orElseThrow();
    assertThat(r.status()).isEqualTo(ProposalStatus.SCHEDULED);
    assertThat(r.yesStake()).isEqualTo(70);
    assertThat(r.activationHeight()).hasValue(13);
    assertThat(f.governance.isApproved(f.state, id)).isTrue();
    assertThat(f.governance.dueForActivation(f.state, 12)).isEmpty();
    assertThat(f.governance.dueForActivation(f.state, 13)).isPresent();
    assertThat(r.proposal().migrationPlan().orElseThrow().pluginHashes())
        .containsEntry("add_staking", GovernanceFixture.PLUGIN);
  }

  @Test
  void aProposalIsDecidedAtTheEndOfItsVotingPeriod() {
    long id = f.propose(); // voting ends at 21
    f.submit(2, f.vote(id, "charlie", true));
    f.submit(3, f.vote(id, "dave", false));
    assertThat(f.governance.endVotingPeriods(f.state, 20)).isEmpty();
    // participating 30 of 100 < 0.334: expired
    assertThat(f.governance.endVotingPeriods(f.state, 21))
        .singleElement()
        .extracting(ProposalRecord::status)
        .isEqualTo(ProposalStatus.EXPIRED);

    long second = proposeAt(30);
    f.submit(31, f.vote(second, "bob", true));
    f.submit(31, f.vote(second, "charlie", false));
    f.submit(31, f.vote(second, "dave", false));
    // participating 60 ≥ 33.4, yes 30 < 0.667 × 60: rejected
    assertThat(f.governance.endVotingPeriods(f.state, 50).get(0).status())
        .isEqualTo(ProposalStatus.REJECTED);

    long third = proposeAt(60);
    f.submit(61, f.vote(third, "bob", true));
    f.submit(61, f.vote(third, "dave", false));
    // participating 40 ≥ 33.4, yes 30 ≥ 0.667 × 40 = 26.68: approved at the period's end
    ProposalRecord r = f.governance.endVotingPeriods(f.state, 80).get(0);
    assertThat(r.status()).isEqualTo(ProposalStatus.SCHEDULED);
    assertThat(r.activationHeight()).hasValue(90);
  }

  private long proposeAt(long height) {
    Receipt r = f.submit(height, f.signed(proposal("bob", 10), "bob"));
    assertThat(r.success()).as(r.message()).isTrue();
    return f.governance.openProposal(f.state).orElseThrow().id();
  }

  @Test
  void aScheduledUpgradeCanBeCancelledInItsTimelockByEnoughStake() {
    long id = f.propose();
    f.submit(2, f.vote(id, "alice", true));
    f.submit(2, f.vote(id, "bob", true));
    Receipt cancel = f.submit(5, f.emergency(EmergencyKind.CANCEL, id, "alice", "bob"));
    assertThat(cancel.success()).as(cancel.message()).isTrue();
    assertThat(f.governance.proposal(f.state, id).orElseThrow().status())
        .isEqualTo(ProposalStatus.CANCELLED);
    assertThat(f.governance.dueForActivation(f.state, 12)).isEmpty();
    assertThat(f.governance.openProposal(f.state)).isEmpty();
  }

  @Test
  void pauseAndResumeFollowTheEmergencyRule() {
    assertThat(
            f.submit(2, f.emergency(EmergencyKind.PAUSE, 0, "alice", "charlie", "dave")).success())
        .isTrue();
    assertThat(f.governance.isPaused(f.state)).isTrue();
    assertRefused(3, f.emergency(EmergencyKind.PAUSE, 0, "alice", "bob"), "already paused");
    assertThat(f.submit(3, f.emergency(EmergencyKind.RESUME, 0, "alice", "bob")).success())
        .isTrue();
    assertThat(f.governance.isPaused(f.state)).isFalse();
    assertThat(f.governance.emergencyNonce(f.state)).isEqualTo(2);
  }

  @Test
  void anExecutedUpgradeCanOnlyBeRolledBackNotCancelled() {
    long id = f.propose();
    f.submit(2, f.vote(id, "alice", true));
    f.submit(2, f.vote(id, "bob", true));
    f.governance.markExecuted(f.state, id, 12);
    assertRefused(
        13, f.emergency(EmergencyKind.CANCEL, id, "alice", "bob"), "roll it back instead");
    assertThat(f.submit(14, f.emergency(EmergencyKind.ROLLBACK, id, "alice", "bob")).success())
        .isTrue();
    assertThat(f.governance.proposal(f.state, id).orElseThrow().status())
        .isEqualTo(ProposalStatus.ROLLED_BACK);
  }

  @Test
  void aRollbackOfAnUpgradeThatDidNotExecuteIsRefusedEvenAtItsActivationHeight() {
    // Rollback moves forward: it is valid only once the upgrade has executed.
    long id = f.propose();
    f.submit(2, f.vote(id, "alice", true));
    f.submit(2, f.vote(id, "bob", true));
    // votes at height 2 + delay 10: activates at 12
    assertRefused(11, f.emergency(EmergencyKind.ROLLBACK, id, "alice", "bob"), "only an executed");
    assertRefused(12, f.emergency(EmergencyKind.ROLLBACK, id, "alice", "bob"), "only an executed");
  }

  // ---- bad input: each a specific error and no state change ----

  @Test
  void refusesANonValidatorProposer() {
    assertRefused(1, f.signed(proposal("mallory", 10), "mallory"), "'mallory' is not a validator");
  }

  @Test
  void refusesANonValidatorVoter() {
    long id = f.propose();
    assertRefused(
        2,
        f.signed(new VoteUpgrade(id, "mallory", true), "mallory"),
        "'mallory' is not a validator");
  }

  @Test
  void refusesABadSignature() {
    SignedGovernanceTx good = f.signed(proposal("alice", 10), "alice");
    byte[] forged = good.signatures().get(0).bytes();
    forged[5] ^= 1;
    SignedGovernanceTx bad =
        new SignedGovernanceTx(
            good.action(),
            good.nonce(),
            com.google.common.collect.ImmutableList.of(
                new SignedGovernanceTx.Signature("alice", forged)));
    assertRefused(1, bad, "signature of 'alice' does not verify");
  }

  @Test
  void refusesATransactionSignedByAnotherValidatorsKey() {
    SignedGovernanceTx byBob = f.signed(new VoteUpgrade(1, "bob", true), "bob");
    f.propose();
    SignedGovernanceTx claimedByAlice =
        new SignedGovernanceTx(
            new VoteUpgrade(1, "alice", true),
            byBob.nonce(),
            com.google.common.collect.ImmutableList.of(
                new SignedGovernanceTx.Signature("alice", byBob.signatures().get(0).bytes())));
    assertRefused(2, claimedByAlice, "signature of 'alice' does not verify");
  }

  @Test
  void refusesASignatureReplayedOnAnotherProposal() {
    long first = f.propose();
    SignedGovernanceTx voteOnFirst = f.vote(first, "dave", true);
    f.submit(2, f.emergency(EmergencyKind.CANCEL, first, "alice", "bob"));
    long second = proposeAt(3);
    SignedGovernanceTx replayed =
        new SignedGovernanceTx(
            new VoteUpgrade(second, "dave", true), voteOnFirst.nonce(), voteOnFirst.signatures());
    assertRefused(4, replayed, "signature of 'dave' does not verify");
  }

  @Test
  void refusesASignatureMadeForAnotherChain() {
    f.propose();
    assertRefused(
        2,
        f.signed("other-chain", new VoteUpgrade(1, "bob", true), "bob"),
        "another chain than 'forkless-test'");
  }

  @Test
  void refusesADuplicateVote() {
    long id = f.propose();
    f.submit(2, f.vote(id, "dave", false));
    assertRefused(
        3, f.vote(id, "dave", true), "'dave' already voted no on proposal 1; votes are final");
  }

  @Test
  void refusesAVoteBeforeTheProposalExists() {
    assertRefused(1, f.vote(7, "bob", true), "proposal 7 does not exist");
  }

  @Test
  void refusesAVoteAfterTheVotingPeriod() {
    long id = f.propose();
    assertRefused(21, f.vote(id, "bob", true), "voting on proposal 1 ended at height 21");
  }

  @Test
  void refusesAVoteOnAClosedOrCancelledProposal() {
    long id = f.propose();
    f.submit(2, f.vote(id, "alice", true));
    f.submit(2, f.vote(id, "bob", true));
    assertRefused(3, f.vote(id, "charlie", true), "proposal 1 is scheduled; votes are closed");
    f.submit(4, f.emergency(EmergencyKind.CANCEL, id, "alice", "bob"));
    assertRefused(5, f.vote(id, "dave", true), "proposal 1 is cancelled; votes are closed");
  }

  @Test
  void refusesAVersionThatCannotFollowTheActiveOne() {
    for (RuntimeVersion v :
        new RuntimeVersion[] {V1, RuntimeVersion.of(0, 9, 0), RuntimeVersion.of(3, 0, 0)}) {
      ProposeUpgrade p =
          new ProposeUpgrade("alice", "t", "d", v, GovernanceFixture.CODE, Optional.empty(), 10, 1);
      assertRefused(
          1, f.signed(p, "alice"), "cannot upgrade from the active runtime 1.0.0 to " + v);
    }
  }

  @Test
  void refusesAPlanThatDoesNotStartFromTheActiveVersion() {
    ProposeUpgrade p = proposal("alice", 10);
    MemoryState before = f.state.copy();
    assertThatThrownBy(
            () ->
                f.governance.proposeUpgrade(
                    f.state, 1, RuntimeVersion.of(1, 1, 0), f.signed(p, "alice")))
        .isInstanceOf(GovernanceException.class)
        .hasMessageContaining("migration plan starts from 1.0.0 but the active runtime is 1.1.0");
    assertThat(f.state.sameContentAs(before)).isTrue();
  }

  @Test
  void refusesAMalformedCodeHash() {
    assertThatThrownBy(
            () ->
                new ProposeUpgrade(
                    "alice", "t", "d", V2, HashCode.fromString("abcd"), Optional.empty(), 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code hash must be SHA-256 (32 bytes) but was 2 bytes");
    byte[] payload = f.signed(proposal("alice", 10), "alice").encode();
    // Cut the payload inside the code hash: the decoder must say what is missing.
    byte[] truncated = Arrays.copyOf(payload, 1 + 4 + 5 + 4 + 14 + 4 + 11 + 12 + 10);
    assertRefusedPayload(1, truncated, "malformed governance transaction: truncated");
    assertRefusedPayload(1, new byte[] {9}, "unknown governance action kind 9");
    assertRefusedPayload(1, new byte[0], "truncated");
  }

  @Test
  void refusesAnActivationDelayBelowTheTimelock() {
    assertRefused(
        1,
        f.signed(proposal("alice", 9), "alice"),
        "activation delay 9 is below the timelock of 10 blocks");
  }

  @Test
  void refusesAConflictingPendingProposal() {
    f.propose();
    assertRefused(2, f.signed(proposal("bob", 10), "bob"), "proposal 1 (2.0.0) is still proposed");
  }

  @Test
  void refusesAnEmergencyWithoutEnoughStake() {
    long id = f.propose();
    // bob 30 + charlie 20 + dave 10 = 60 < 0.667 × 100
    assertRefused(
        2,
        f.emergency(EmergencyKind.CANCEL, id, "bob", "charlie", "dave"),
        "needs signatures from validators holding at least 0.667 of the stake (100); the signers hold 60");
  }

  @Test
  void refusesAReplayedEmergencyTransaction() {
    long id = f.propose();
    SignedGovernanceTx pause = f.emergency(EmergencyKind.PAUSE, 0, "alice", "bob");
    assertThat(f.submit(2, pause).success()).isTrue();
    f.submit(3, f.emergency(EmergencyKind.RESUME, 0, "alice", "bob"));
    // The governance nonce catches the replay first (the emergency nonce would too).
    assertRefused(4, pause, "replayed governance nonce 1 of 'alice'");
    assertThat(f.governance.proposal(f.state, id)).isPresent();
  }

  @Test
  void refusesAnEmergencyFromANonValidatorOrWithABadSignature() {
    long id = f.propose();
    assertRefused(
        2,
        f.emergency(EmergencyKind.CANCEL, id, "alice", "bob", "mallory"),
        "'mallory' is not a validator");
  }

  @Test
  void statusTransitionsAreChecked() {
    assertThatThrownBy(() -> ProposalStatus.CANCELLED.checkTransitionTo(ProposalStatus.EXECUTED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "a proposal moving to EXECUTED should be in one of [SCHEDULED] but it was CANCELLED");
    long id = f.propose();
    assertThatThrownBy(() -> f.governance.markExecuted(f.state, id, 5))
        .isInstanceOf(GovernanceException.class)
        .hasMessageContaining("but it was PROPOSED");
  }

  @Test
  void transactionsRoundTripThroughTheirEncoding() {
    SignedGovernanceTx tx = f.signed(proposal("alice", 10), "alice");
    SignedGovernanceTx decoded = SignedGovernanceTx.decode(tx.encode());
    assertThat(decoded.action()).isEqualTo(tx.action());
    assertThat(decoded.encode()).isEqualTo(tx.encode());
    assertThat(SignedGovernanceTx.signingMessage(CHAIN, tx.nonce(), tx.action()))
        .isNotEqualTo(SignedGovernanceTx.signingMessage("other", tx.nonce(), tx.action()));
    assertThat(f.governance.proposals(f.state)).isEmpty();
    assertThat(OptionalLong.empty()).isEmpty();
  }

  @Test
  void aVoteThatFailedBeforeItsProposalExistedDoesNotBlockTheSameVoteLater() {
    SignedGovernanceTx early = f.vote(1, "bob", true);
    Receipt failed = f.submit(1, early);
    assertThat(failed.success()).isFalse();
    assertThat(failed.keepWrites()).as("authenticated: the nonce is used").isTrue();
    assertThat(f.governance.nonce(f.state, "bob")).isEqualTo(1);

    long id = f.propose();
    SignedGovernanceTx again = f.vote(id, "bob", true);
    assertThat(again.nonce()).isEqualTo(1);
    assertThat(again.encode()).isNotEqualTo(early.encode());
    Receipt counted = f.submit(2, again);
    assertThat(counted.success()).as(counted.message()).isTrue();
    assertThat(f.governance.proposal(f.state, id).orElseThrow().yesStake()).isEqualTo(30);
  }

  @Test
  void aReplayedOrSkippedGovernanceNonceIsRejectedWithoutWrites() {
    long id = f.propose();
    SignedGovernanceTx vote = f.vote(id, "dave", false);
    assertThat(f.submit(2, vote).success()).isTrue();
    MemoryState before = f.state.copy();

    Receipt replayed = f.submit(3, vote);
    assertThat(replayed.message())
        .isEqualTo("replayed governance nonce 0 of 'dave': its next nonce is 1");
    assertThat(replayed.keepWrites()).isFalse();
    SignedGovernanceTx skipped =
        SignedGovernanceTx.sign(
            GovernanceFixture.CHAIN,
            new VoteUpgrade(id, "dave", true),
            5,
            java.util.List.of(
                new SignedGovernanceTx.NamedKey("dave", f.keys.get("dave").getPrivate())));
    assertThat(f.submit(3, skipped).message())
        .isEqualTo("out-of-order governance nonce 5 of 'dave': its next nonce is 1");
    assertThat(f.state.sameContentAs(before)).isTrue();
  }

  @Test
  void theMempoolCheckAdmitsOnlyVerifiedTransactionsWithAFreshNonce() {
    long id = f.propose();
    SignedGovernanceTx vote = f.vote(id, "dave", false);
    assertThat(f.governance.validate(f.state, vote.encode()))
        .isEqualTo(
            io.forkless.api.TransactionValidity.ordered(
                "dave".getBytes(StandardCharsets.UTF_8), 0, 0));
    f.submit(2, vote);
    assertThat(f.governance.validate(f.state, vote.encode()).reason())
        .startsWith("replayed governance nonce 0");
    assertThat(f.governance.validate(f.state, new byte[] {1, 2, 3}).reason())
        .startsWith("malformed governance transaction");
    SignedGovernanceTx byStranger = f.signed(new VoteUpgrade(id, "mallory", true), "mallory");
    assertThat(f.governance.validate(f.state, byStranger.encode()).reason())
        .isEqualTo("'mallory' is not a validator");
  }
}
