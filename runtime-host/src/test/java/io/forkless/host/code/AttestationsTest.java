package io.forkless.host.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.UpgradeProposal;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refusal of a pre-check verdict leaves the state untouched; the activation rule. */
class AttestationsTest {

  private static final String CHAIN = "att-test";
  private static final byte[] GENESIS = "genesis".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JAR = "runtime v2".getBytes(StandardCharsets.US_ASCII);
  private static final HashCode CODE = Hashing.sha256().hashBytes(JAR);
  private static final Threshold APPROVAL = Threshold.parse("0.667");

  private final KeyPair alice = key("alice");
  private final KeyPair bob = key("bob");
  private final ValidatorSet validators =
      ValidatorSet.of(
          List.of(
              new Validator("alice", alice.getPublic(), 70),
              new Validator("bob", bob.getPublic(), 30)));
  private final CodeStore code = new CodeStore();
  private final Attestations attestations = new Attestations(code);
  private final MemoryState state = new MemoryState();
  private final ProposalRecord proposal =
      new ProposalRecord(
          new UpgradeProposal(
              4, "alice", "t", "d", RuntimeVersion.of(2, 0, 0), CODE, Optional.empty(), 5),
          ProposalStatus.SCHEDULED,
          1,
          21,
          100,
          0,
          OptionalLong.of(9),
          OptionalLong.empty(),
          "");

  private static KeyPair key(String name) {
    return Ed25519.fromSeed(
        Hashing.sha256().hashString("att:" + name, StandardCharsets.UTF_8).asBytes());
  }

  @BeforeEach
  void codeOnChain() {
    code.initGenesis(state, CodeParameters.defaults().withPrecheck(true), GENESIS);
    Receipt r =
        code.apply(state, 2, new CodeUpload(CODE, JAR.length, 0, 0, JAR).encode(), Set.of(CODE));
    assertThat(r.success()).as(r.message()).isTrue();
  }

  private byte[] verdict(String who, KeyPair key, boolean accepted, long proposalId, HashCode h) {
    return new Attestation(proposalId, h, who, accepted, accepted ? "" : "untrusted signer", 3)
        .sign(CHAIN, key.getPrivate());
  }

  private Receipt apply(byte[] payload, Optional<ProposalRecord> open) {
    return attestations.apply(state, 5, payload, CHAIN, validators, open);
  }

  private void assertRefused(byte[] payload, Optional<ProposalRecord> open, String reason) {
    MemoryState before = state.copy();
    Receipt r = apply(payload, open);
    assertThat(r.success()).isFalse();
    assertThat(r.message()).contains(reason);
    assertThat(state.sameContentAs(before)).isTrue();
  }

  @Test
  void aValidVerdictIsRecordedOnceAndFinal() {
    assertThat(apply(verdict("alice", alice, true, 4, CODE), Optional.of(proposal)).success())
        .isTrue();
    assertRefused(verdict("alice", alice, false, 4, CODE), Optional.of(proposal), "already filed");
    Attestations.Tally t = attestations.tally(state, 4, validators);
    assertThat(t.attestedStake()).isEqualTo(70);
    assertThat(t.verdicts()).extracting(Attestations.Verdict::height).containsExactly(5L);
  }

  @Test
  void refusals() {
    assertRefused(
        verdict("alice", alice, true, 4, CODE), Optional.empty(), "not the open proposal");
    assertRefused(
        verdict("alice", alice, true, 5, CODE), Optional.of(proposal), "not the open proposal");
    HashCode other = Hashing.sha256().hashBytes(GENESIS);
    assertRefused(
        verdict("alice", alice, true, 4, other), Optional.of(proposal), "the verdict names code");
    assertRefused(
        verdict("mallory", alice, true, 4, CODE), Optional.of(proposal), "is not a validator");
    assertRefused(
        verdict("alice", bob, true, 4, CODE), Optional.of(proposal), "signature is not alice's");
    byte[] tampered = verdict("bob", bob, false, 4, CODE);
    tampered[tampered.length - 70] ^= 1; // inside the checked-at height: the signature breaks
    assertRefused(tampered, Optional.of(proposal), "signature is not bob's");
    byte[] good = verdict("alice", alice, true, 4, CODE);
    assertRefused(Arrays.copyOf(good, good.length - 1), Optional.of(proposal), "malformed");
    assertRefused(Arrays.copyOf(good, good.length + 1), Optional.of(proposal), "malformed");
  }

  @Test
  void aVerdictBeforeTheCodeIsCompleteOnChainIsRefused() {
    byte[] other = "other runtime".getBytes(StandardCharsets.US_ASCII);
    HashCode h = Hashing.sha256().hashBytes(other);
    ProposalRecord p =
        new ProposalRecord(
            new UpgradeProposal(
                4, "alice", "t", "d", RuntimeVersion.of(2, 0, 0), h, Optional.empty(), 5),
            ProposalStatus.PROPOSED,
            1,
            21,
            0,
            0,
            OptionalLong.empty(),
            OptionalLong.empty(),
            "");
    assertRefused(verdict("alice", alice, true, 4, h), Optional.of(p), "not complete on chain yet");
  }

  @Test
  void theActivationRuleProceedsPostponesOnceOrFails() {
    // Nothing attested yet, nothing refused: postponed once, then failed.
    assertThat(attestations.decide(state, proposal, 9, validators, APPROVAL))
        .isInstanceOfSatisfying(
            Attestations.Decision.Postpone.class, p -> assertThat(p.height()).isEqualTo(29));
    assertThat(attestations.decide(state, proposal, 29, validators, APPROVAL))
        .isInstanceOfSatisfying(
            Attestations.Decision.Fail.class,
            f -> assertThat(f.cause()).contains("still short after a postponement"));
    // Alice's 70 of 100 meets 0.667.
    apply(verdict("alice", alice, true, 4, CODE), Optional.of(proposal));
    assertThat(attestations.decide(state, proposal, 29, validators, APPROVAL))
        .isInstanceOf(Attestations.Decision.Proceed.class);
  }

  @Test
  void aRefusalOfMoreThanTheComplementFailsAtOnce() {
    apply(verdict("alice", alice, false, 4, CODE), Optional.of(proposal));
    assertThat(attestations.decide(state, proposal, 9, validators, APPROVAL))
        .isInstanceOfSatisfying(
            Attestations.Decision.Fail.class,
            f -> assertThat(f.cause()).contains("alice (70): untrusted signer"));
  }

  @Test
  void withoutTheParameterTheRuleAlwaysProceeds() {
    MemoryState off = new MemoryState();
    code.initGenesis(off, CodeParameters.defaults(), GENESIS);
    assertThat(attestations.decide(off, proposal, 9, validators, APPROVAL))
        .isInstanceOf(Attestations.Decision.Proceed.class);
  }

  @Test
  void goldenBytes() {
    KeyPair k = key("golden");
    byte[] signed =
        new Attestation(7, CODE, "bob", false, "no", 9).sign("golden-chain", k.getPrivate());
    String hex = HashCode.fromBytes(signed).toString();
    assertThat(hex.substring(0, hex.length() - 128))
        .isEqualTo(
            "11"
                + "0000000000000007"
                + CODE
                + "00000003"
                + "626f62"
                + "00"
                + "00000002"
                + "6e6f"
                + "0000000000000009");
    // The signature binds the chain id.
    assertThat(Attestation.decode(signed).verifies("golden-chain", k.getPublic())).isTrue();
    assertThat(Attestation.decode(signed).verifies("other-chain", k.getPublic())).isFalse();
  }
}
