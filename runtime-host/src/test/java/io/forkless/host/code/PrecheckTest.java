package io.forkless.host.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.governance.TestValidators;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.state.MemoryStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pre-check attestations gate activation (#14): a node uploads the proposal's code from its plugins
 * folder and attests for the validator keys it holds; the upgrade activates when validators holding
 * the approval threshold attested, is postponed once and then failed on chain when they did not,
 * and fails at once when refusals make the threshold unreachable. The chain never halts.
 */
class PrecheckTest {

  private static final String CHAIN = "precheck-test";
  private static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V11 = RuntimeVersion.of(1, 1, 0);
  private static final long POSTPONE = 4;

  @TempDir Path dir;

  private final TestValidators four = TestValidators.of("precheck");
  private final ValidatorSet validators = four.set();

  private static HashCode hash(String sample) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(SampleJars.jar(sample)));
  }

  private ForklessHost open(String... attesters) throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    for (String s : List.of(SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_1_1_0)) {
      Files.copy(SampleJars.jar(s), plugins.resolve(s), StandardCopyOption.REPLACE_EXISTING);
    }
    List<NamedKey> attest = new ArrayList<>();
    for (String a : attesters) {
      attest.add(four.key(a));
    }
    return ForklessHost.builder()
        .store(MemoryStateStore.create())
        .pluginsFolder(plugins)
        .trust(TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword()))
        .genesis(new GenesisConfig(CHAIN, GENESIS, Map.of(), hash(SampleJars.RUNTIME_1_0_0)))
        .validators(validators)
        .upgradeConfig(
            new UpgradeConfig(3, 3, Threshold.parse("0.334"), Threshold.parse("0.667"), 10))
        .codeParameters(new CodeParameters(16L << 20, 3968, 1L << 20, 100, true, POSTPONE))
        .attestWith(attest)
        .build();
  }

  private final Map<String, Long> nonces = new java.util.HashMap<>();

  private Transaction gov(GovernanceAction action, String signer) {
    long nonce = nonces.merge(signer, 1L, Long::sum) - 1;
    return Transaction.host(
        SignedGovernanceTx.sign(CHAIN, action, nonce, List.of(four.key(signer))).encode());
  }

  private static ExecutedBlock produce(ForklessHost host, Transaction... txs) {
    for (Transaction tx : txs) {
      host.submit(tx);
    }
    return host.producer().produceBlock().orElseThrow();
  }

  /** Proposes 1.1.0, approves it with alice and bob; returns the scheduled proposal. */
  private ProposalRecord proposeAndApprove(ForklessHost host) throws IOException {
    produce(
        host,
        gov(
            new ProposeUpgrade(
                "bob",
                "1.1.0",
                "memo",
                V11,
                hash(SampleJars.RUNTIME_1_1_0),
                Optional.empty(),
                3,
                1),
            "bob"));
    produce(
        host,
        gov(new VoteUpgrade(1, "alice", true), "alice"),
        gov(new VoteUpgrade(1, "bob", true), "bob"));
    ProposalRecord r = host.openProposal().orElseThrow();
    assertThat(r.status()).isEqualTo(ProposalStatus.SCHEDULED);
    return r;
  }

  private static void produceUntil(ForklessHost host, long height) {
    while (host.chain().head().height() < height) {
      produce(host);
    }
  }

  private ProposalRecord proposal(ForklessHost host) {
    return host.governance().proposal(host.chain().state(), 1).orElseThrow();
  }

  @Test
  void attestationsOfEnoughStakeLetTheUpgradeActivateAtItsHeight() throws IOException {
    try (ForklessHost host = open("alice", "bob", "charlie", "dave")) {
      long activation = proposeAndApprove(host).activationHeight().getAsLong();
      produceUntil(host, activation);
      assertThat(host.chain().block(activation).orElseThrow().header().runtimeVersion())
          .isEqualTo(V11);
      assertThat(proposal(host).status()).isEqualTo(ProposalStatus.EXECUTED);
      Attestations.Tally t =
          new Attestations(host.codeStore()).tally(host.chain().state(), 1, validators);
      assertThat(t.attestedStake()).isEqualTo(100);
      assertThat(t.refusedStake()).isZero();
    }
  }

  @Test
  void tooLittleAttestedStakePostponesOnceThenFailsOnChainAndTheChainGoesOn() throws IOException {
    try (ForklessHost host = open("alice")) {
      long activation = proposeAndApprove(host).activationHeight().getAsLong();
      produceUntil(host, activation);
      ProposalRecord postponed = proposal(host);
      assertThat(postponed.status()).isEqualTo(ProposalStatus.SCHEDULED);
      assertThat(postponed.activationHeight().getAsLong()).isEqualTo(activation + POSTPONE);
      assertThat(host.coordinator().currentVersion()).isEqualTo(V1);

      produceUntil(host, activation + POSTPONE + 1);
      ProposalRecord failed = proposal(host);
      assertThat(failed.status()).isEqualTo(ProposalStatus.FAILED);
      assertThat(failed.reason())
          .contains("attested by 40 of 100")
          .contains("still short after a postponement");
      assertThat(host.coordinator().currentVersion()).isEqualTo(V1);
      assertThat(host.producer().haltedReason()).isEmpty();
    }
  }

  @Test
  void refusalsThatMakeTheThresholdUnreachableFailTheUpgradeAtItsHeightListingThem()
      throws IOException {
    try (ForklessHost host = open("alice", "dave")) {
      ProposalRecord r = proposeAndApprove(host);
      long activation = r.activationHeight().getAsLong();
      // Two validators whose own nodes refused the code (e.g. their trust store refuses the
      // signer).
      List<Transaction> refusals = new ArrayList<>();
      for (String v : List.of("bob", "charlie")) {
        refusals.add(
            Transaction.host(
                new Attestation(
                        1, r.proposal().codeHash(), v, false, "trust store refuses the signer", 5)
                    .sign(CHAIN, four.key(v).key())));
      }
      // Wait until the code is on chain (the host offers it from its plugins folder).
      while (!host.codeStore().status(host.chain().state(), r.proposal().codeHash()).complete()) {
        produce(host);
      }
      ExecutedBlock b = produce(host, refusals.toArray(Transaction[]::new));
      assertThat(b.receipts())
          .filteredOn(TxReceipt::success)
          .extracting(TxReceipt::message)
          .anySatisfy(m -> assertThat(m).contains("code refused by bob"));
      produceUntil(host, activation);
      ProposalRecord failed = proposal(host);
      assertThat(failed.status()).isEqualTo(ProposalStatus.FAILED);
      assertThat(failed.closedHeight().getAsLong()).isEqualTo(activation);
      assertThat(failed.reason())
          .contains("attested by 50 of 100")
          .contains("bob (30): trust store refuses the signer")
          .contains("charlie (20): trust store refuses the signer");
      assertThat(host.producer().haltedReason()).isEmpty();
    }
  }
}
