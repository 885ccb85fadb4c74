package io.forkless.host.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governance driving real upgrades end to end: four validators with unequal stake, a chain on
 * RocksDB, the real signed sample JARs found by code hash in a plugins folder.
 */
class GovernedChainTest {

  private static final String CHAIN = "governed-test";
  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V11 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  private GovernedHosts hosts;

  private final io.forkless.testing.Accounts.Signer users =
      new io.forkless.testing.Accounts.Signer(CHAIN);

  @org.junit.jupiter.api.BeforeEach
  void hosts() {
    hosts = new GovernedHosts(CHAIN, dir);
  }

  /** A user transaction written the old way ("transfer alice bob 1"), signed with a nonce. */
  private Transaction user(String legacyText) {
    return Transaction.runtime(users.sign(legacyText));
  }

  private static HashCode hash(String sample) {
    return GovernedHosts.hash(sample);
  }

  private ForklessHost open(Path plugins) {
    return hosts.open(plugins);
  }

  private Path pluginsWith(String... samples) {
    return hosts.pluginsWith(samples);
  }

  private SignedGovernanceTx sign(GovernanceAction action, String... signers) {
    return hosts.sign(action, signers);
  }

  private static Transaction host(SignedGovernanceTx tx) {
    return Transaction.host(tx.encode());
  }

  private Optional<ExecutedBlock> produce(ForklessHost host, Transaction... txs) {
    for (Transaction tx : txs) {
      host.submit(tx);
    }
    return host.producer().produceBlock();
  }

  private ProposeUpgrade proposeV2(long nonce) throws IOException {
    return new ProposeUpgrade(
        "alice",
        "Runtime v2.0.0",
        "Add staking",
        V2,
        hash(SampleJars.RUNTIME_2_0_0),
        Optional.of(
            new HashedMigrationPlan(
                new MigrationPlan(V1, V2, List.of("add_staking"), 5, false),
                ImmutableMap.of("add_staking", hash(SampleJars.ADD_STAKING)))),
        5,
        nonce);
  }

  @Test
  void anApprovedUpgradeActivatesExactlyAtItsHeightAndACancelledOneNever() throws IOException {
    Path plugins =
        pluginsWith(
            SampleJars.RUNTIME_1_0_0,
            SampleJars.RUNTIME_1_1_0,
            SampleJars.RUNTIME_2_0_0,
            SampleJars.ADD_STAKING);
    try (ForklessHost host = open(plugins)) {
      // A first proposal (1.1.0) is approved, then cancelled in its timelock: it never activates.
      ProposeUpgrade v11 =
          new ProposeUpgrade(
              "bob", "1.1.0", "memo", V11, hash(SampleJars.RUNTIME_1_1_0), Optional.empty(), 5, 1);
      ExecutedBlock b1 = produce(host, host(sign(v11, "bob"))).orElseThrow();
      assertThat(b1.receipts().get(0).message()).contains("proposal 1 created");
      produce(
          host,
          host(sign(new VoteUpgrade(1, "alice", true), "alice")),
          host(sign(new VoteUpgrade(1, "bob", true), "bob")));
      ProposalRecord scheduled = host.openProposal().orElseThrow();
      assertThat(scheduled.status()).isEqualTo(ProposalStatus.SCHEDULED);
      long cancelledAt = scheduled.activationHeight().getAsLong();
      assertThat(host.coordinator().pendingUpgrade()).as("staged at approval").isPresent();
      Emergency cancel =
          new Emergency(
              EmergencyKind.CANCEL, 1, host.governance().emergencyNonce(host.chain().state()));
      ExecutedBlock cancelBlock =
          produce(host, host(sign(cancel, "alice", "charlie", "dave"))).orElseThrow();
      assertThat(cancelBlock.receipts().get(0).success())
          .as(cancelBlock.receipts().get(0).message())
          .isTrue();
      while (host.chain().head().height() <= cancelledAt + 1) {
        produce(host);
      }
      assertThat(host.coordinator().currentVersion()).isEqualTo(V1);
      assertThat(host.coordinator().pendingUpgrade()).isEmpty();
      assertThat(host.governance().proposal(host.chain().state(), 1).orElseThrow().status())
          .isEqualTo(ProposalStatus.CANCELLED);

      // 2.0.0 with add_staking: approved by alice + bob (70 of 100).
      produce(host, host(sign(proposeV2(2), "alice")));
      produce(host, host(sign(new VoteUpgrade(2, "alice", true), "alice")));
      assertThat(host.openProposal().orElseThrow().status()).isEqualTo(ProposalStatus.PROPOSED);
      produce(
          host,
          host(sign(new VoteUpgrade(2, "bob", true), "bob")),
          host(sign(new VoteUpgrade(2, "dave", false), "dave")));
      ProposalRecord approved = host.openProposal().orElseThrow();
      long activation = approved.activationHeight().getAsLong();
      assertThat(approved.status()).isEqualTo(ProposalStatus.SCHEDULED);
      while (host.chain().head().height() < activation - 1) {
        ExecutedBlock b = produce(host, user("transfer alice bob 1")).orElseThrow();
        assertThat(b.block().header().runtimeVersion()).isEqualTo(V1);
      }
      assertThat(host.chain().head().height()).isEqualTo(activation - 1);
      assertThat(host.coordinator().currentVersion()).as("not one block earlier").isEqualTo(V1);

      ExecutedBlock activated = produce(host, user("stake alice 100")).orElseThrow();
      assertThat(activated.block().height()).isEqualTo(activation);
      assertThat(activated.block().header().runtimeVersion()).isEqualTo(V2);
      assertThat(activated.receipts().get(0).success())
          .as(activated.receipts().get(0).message())
          .isTrue();
      assertThat(host.governance().proposal(host.chain().state(), 2).orElseThrow().status())
          .isEqualTo(ProposalStatus.EXECUTED);
    }
  }

  @Test
  void aNodeWithoutTheApprovedJarHaltsAtTheActivationHeightAndContinuesOnceItIsSupplied()
      throws IOException {
    Path plugins = pluginsWith(SampleJars.RUNTIME_1_0_0, SampleJars.ADD_STAKING);
    try (ForklessHost host = open(plugins)) {
      produce(host, host(sign(proposeV2(1), "alice")));
      produce(
          host,
          host(sign(new VoteUpgrade(1, "alice", true), "alice")),
          host(sign(new VoteUpgrade(1, "bob", true), "bob")));
      long activation = host.openProposal().orElseThrow().activationHeight().getAsLong();
      while (host.chain().head().height() < activation - 1) {
        assertThat(produce(host)).isPresent();
      }
      var rootBefore = host.chain().stateRoot();

      assertThat(produce(host)).as("halted at the activation height").isEmpty();
      assertThat(produce(host)).isEmpty();
      assertThat(host.chain().head().height()).isEqualTo(activation - 1);
      assertThat(host.chain().stateRoot()).isEqualTo(rootBefore);
      assertThat(host.coordinator().currentVersion()).isEqualTo(V1);

      Files.copy(SampleJars.jar(SampleJars.RUNTIME_2_0_0), plugins.resolve("balances-2.0.0.jar"));
      ExecutedBlock resumed = produce(host).orElseThrow();
      assertThat(resumed.block().height()).isEqualTo(activation);
      assertThat(resumed.block().header().runtimeVersion()).isEqualTo(V2);
    }
  }

  @Test
  void codeThatEveryNodeRefusesIsRecordedAsAFailedUpgradeAndTheChainGoesOn() throws IOException {
    Path plugins =
        pluginsWith(SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_2_0_0, SampleJars.ADD_STAKING);
    try (ForklessHost host = open(plugins)) {
      // The proposal names 2.0.0 but binds the 1.1.0... no: binds 2.0.0 with no plan, which the
      // validator refuses alike on every node (the state layout changes without a migration).
      ProposeUpgrade noPlan =
          new ProposeUpgrade(
              "alice",
              "2.0.0 without migration",
              "",
              V2,
              hash(SampleJars.RUNTIME_2_0_0),
              Optional.empty(),
              5,
              9);
      produce(host, host(sign(noPlan, "alice")));
      produce(
          host,
          host(sign(new VoteUpgrade(1, "alice", true), "alice")),
          host(sign(new VoteUpgrade(1, "bob", true), "bob")));
      long activation =
          host.governance()
              .proposal(host.chain().state(), 1)
              .orElseThrow()
              .activationHeight()
              .getAsLong();
      while (host.chain().head().height() < activation) {
        assertThat(produce(host)).isPresent();
      }
      ProposalRecord failed = host.governance().proposal(host.chain().state(), 1).orElseThrow();
      assertThat(failed.status()).isEqualTo(ProposalStatus.FAILED);
      assertThat(failed.reason()).contains("needs a migration plan");
      assertThat(host.coordinator().currentVersion()).isEqualTo(V1);
      assertThat(
              produce(host, user("transfer alice bob 3")).orElseThrow().receipts().get(0).success())
          .isTrue();
    }
  }

  @Test
  void anEmergencyPauseHoldsUserTransactionsButLetsGovernanceThroughUntilResumed()
      throws IOException {
    try (ForklessHost host = open(pluginsWith(SampleJars.RUNTIME_1_0_0))) {
      Emergency pause =
          new Emergency(
              EmergencyKind.PAUSE, 0, host.governance().emergencyNonce(host.chain().state()));
      assertThat(
              produce(host, host(sign(pause, "alice", "bob")))
                  .orElseThrow()
                  .receipts()
                  .get(0)
                  .success())
          .isTrue();
      assertThat(host.pausedReason()).hasValueSatisfying(r -> assertThat(r).contains("governance"));

      Transaction transfer = user("transfer alice bob 7");
      ExecutedBlock paused = produce(host, transfer).orElseThrow();
      assertThat(paused.block().transactions()).isEmpty();
      assertThat(host.mempool().contains(transfer.hash())).as("waits, not lost").isTrue();

      Emergency resume =
          new Emergency(
              EmergencyKind.RESUME, 0, host.governance().emergencyNonce(host.chain().state()));
      ExecutedBlock resumed = produce(host, host(sign(resume, "alice", "bob"))).orElseThrow();
      assertThat(resumed.block().transactions()).hasSize(1);
      assertThat(resumed.block().transactions().get(0).kind()).isEqualTo(Transaction.Kind.HOST);
      ExecutedBlock after = produce(host).orElseThrow();
      assertThat(after.block().transactions()).containsExactly(transfer);
      assertThat(after.receipts().get(0).success()).isTrue();
      assertThat(host.pausedReason()).isEmpty();
    }
  }

  @Test
  void aSignedRollbackIsAnOrdinaryTransactionThatMovesTheChainForward() throws IOException {
    Path plugins =
        pluginsWith(SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_2_0_0, SampleJars.ADD_STAKING);
    try (ForklessHost host = open(plugins)) {
      produce(host, host(sign(proposeV2(1), "alice")));
      produce(
          host,
          host(sign(new VoteUpgrade(1, "alice", true), "alice")),
          host(sign(new VoteUpgrade(1, "bob", true), "bob")));
      long activation = host.openProposal().orElseThrow().activationHeight().getAsLong();
      while (host.chain().head().height() < activation - 1) {
        produce(host);
      }
      java.util.Map<String, String> preUpgrade = runtimeContents(host);
      produce(host, user("stake alice 10"));
      produce(host, user("transfer alice bob 1"));
      assertThat(host.coordinator().currentVersion()).isEqualTo(V2);
      long last = host.chain().head().height();
      java.util.List<byte[]> blocksBefore = new java.util.ArrayList<>();
      java.util.List<java.util.List<io.forkless.host.chain.TxReceipt>> receiptsBefore =
          new java.util.ArrayList<>();
      for (long h = 0; h <= last; h++) {
        blocksBefore.add(host.chain().block(h).orElseThrow().encode());
        receiptsBefore.add(host.chain().receipts(h).orElseThrow());
      }

      long nonce = host.governance().emergencyNonce(host.chain().state());
      SignedGovernanceTx weak =
          sign(new Emergency(EmergencyKind.ROLLBACK, 1, nonce), "charlie", "dave");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.rollback(weak))
          .isInstanceOf(GovernanceException.class)
          .hasMessageContaining("the signers hold 30");
      assertThat(host.coordinator().currentVersion()).isEqualTo(V2);

      var queued =
          host.rollback(sign(new Emergency(EmergencyKind.ROLLBACK, 1, nonce), "alice", "bob"));
      assertThat(queued.restoredHeight()).isEqualTo(activation - 1);
      assertThat(host.chain().head().height())
          .as("nothing happens outside a block")
          .isEqualTo(last);

      ExecutedBlock recorded = produce(host).orElseThrow();
      assertThat(recorded.block().height()).as("no height is reused").isEqualTo(last + 1);
      assertThat(recorded.block().header().runtimeVersion()).isEqualTo(V1);
      assertThat(recorded.block().transactions().get(0).kind()).isEqualTo(Transaction.Kind.HOST);
      assertThat(recorded.receipts().get(0).success())
          .as(recorded.receipts().get(0).message())
          .isTrue();
      assertThat(recorded.receipts().get(0).message())
          .contains("state set to that after height " + (activation - 1))
          .contains("2 runtime transactions of the 2 blocks");
      assertThat(runtimeContents(host)).isEqualTo(preUpgrade);
      assertThat(host.governance().proposal(host.chain().state(), 1).orElseThrow().status())
          .isEqualTo(ProposalStatus.ROLLED_BACK);

      // The transactions since the activation run again under 1.0.0 in the next block: the stake
      // is 1.0.0's rejection, the transfer succeeds; none is lost.
      ExecutedBlock again = produce(host).orElseThrow();
      var reexecuted = host.coordinator().reexecutedReceipts(again.block().height());
      assertThat(reexecuted).hasSize(2);
      assertThat(reexecuted.get(0).message()).contains("unknown transaction kind 'stake'");
      assertThat(reexecuted.get(1).success()).as(reexecuted.get(1).message()).isTrue();
      produce(host);
      assertThat(host.coordinator().currentVersion())
          .as("the upgrade does not come back")
          .isEqualTo(V1);
      for (long h = 0; h <= last; h++) {
        assertThat(host.chain().block(h).orElseThrow().encode())
            .as("block %d is final", h)
            .isEqualTo(blocksBefore.get((int) h));
        assertThat(host.chain().receipts(h).orElseThrow()).isEqualTo(receiptsBefore.get((int) h));
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  host.rollback(
                      sign(
                          new Emergency(
                              EmergencyKind.ROLLBACK,
                              1,
                              host.governance().emergencyNonce(host.chain().state())),
                          "alice",
                          "bob")))
          .hasMessageContaining("executed upgrade");
    }
  }

  @Test
  void anUpgradeSurvivesAStopAndRestartAndIsThenRolledBackWithItsTransactionsReexecuted()
      throws IOException {
    Path plugins =
        pluginsWith(SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_2_0_0, SampleJars.ADD_STAKING);
    java.util.Map<String, String> preUpgrade;
    try (ForklessHost host = open(plugins)) {
      produce(host, host(sign(proposeV2(1), "alice")));
      produce(
          host,
          host(sign(new VoteUpgrade(1, "alice", true), "alice")),
          host(sign(new VoteUpgrade(1, "bob", true), "bob")));
      long activation = host.openProposal().orElseThrow().activationHeight().getAsLong();
      while (host.chain().head().height() < activation - 1) {
        produce(host);
      }
      preUpgrade = runtimeContents(host);
      produce(host, user("stake alice 10"));
      produce(host, user("transfer alice bob 1"));
      assertThat(host.coordinator().currentVersion()).isEqualTo(V2);
      assertThat(host.coordinator().snapshotCount()).isEqualTo(1);
    } // close() is what the node's SIGTERM handler runs

    try (ForklessHost host = open(plugins)) {
      assertThat(host.coordinator().currentVersion()).isEqualTo(V2);
      assertThat(host.coordinator().snapshotCount()).as("snapshot re-adopted").isEqualTo(1);
      assertThat(host.coordinator().retainedUpgrades())
          .singleElement()
          .satisfies(u -> assertThat(u.upgradeId()).as("upgrade id = proposal id").isEqualTo(1));
      long nonce = host.governance().emergencyNonce(host.chain().state());
      host.rollback(sign(new Emergency(EmergencyKind.ROLLBACK, 1, nonce), "alice", "bob"));
      ExecutedBlock rolledBack = produce(host).orElseThrow();
      assertThat(rolledBack.receipts().get(0).success())
          .as(rolledBack.receipts().get(0).message())
          .isTrue();
      assertThat(rolledBack.block().header().runtimeVersion()).isEqualTo(V1);
      assertThat(runtimeContents(host)).isEqualTo(preUpgrade);
      ExecutedBlock again = produce(host).orElseThrow();
      var reexecuted = host.coordinator().reexecutedReceipts(again.block().height());
      assertThat(reexecuted).hasSize(2);
      assertThat(reexecuted.get(1).success()).as(reexecuted.get(1).message()).isTrue();
      assertThat(host.coordinator().snapshotCount()).as("released after the rollback").isZero();
      assertThat(host.store().snapshots()).isEmpty();
    }
  }

  @Test
  void aNodeWithoutThePreUpgradeSnapshotRefusesToQueueARollbackItCouldNotExecute()
      throws IOException {
    Path plugins = pluginsWith(SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_1_1_0);
    try (ForklessHost host = open(plugins)) {
      produce(
          host,
          host(
              sign(
                  new ProposeUpgrade(
                      "alice",
                      "1.1.0",
                      "",
                      V11,
                      hash(SampleJars.RUNTIME_1_1_0),
                      java.util.Optional.empty(),
                      5,
                      1),
                  "alice")));
      produce(
          host,
          host(sign(new VoteUpgrade(1, "alice", true), "alice")),
          host(sign(new VoteUpgrade(1, "bob", true), "bob")));
      long activation = host.openProposal().orElseThrow().activationHeight().getAsLong();
      while (host.chain().head().height() < activation) {
        produce(host);
      }
      assertThat(host.coordinator().currentVersion()).isEqualTo(V11);
      host.store().snapshots().forEach(host.store()::releaseSnapshot);
      long nonce = host.governance().emergencyNonce(host.chain().state());

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  host.rollback(
                      sign(new Emergency(EmergencyKind.ROLLBACK, 1, nonce), "alice", "bob")))
          .hasMessageContaining("this node has no snapshot of the state before upgrade 1");
      assertThat(host.mempool().size()).as("nothing queued").isZero();
    }
  }

  private static java.util.Map<String, String> runtimeContents(ForklessHost host) {
    java.util.Map<String, String> all = new java.util.TreeMap<>();
    host.chain()
        .state()
        .scan(
            new byte[0],
            (k, v) -> {
              if (k.length > 0 && k[0] != 0) {
                all.put(
                    com.google.common.hash.HashCode.fromBytes(k).toString(),
                    java.util.Arrays.toString(v));
              }
            });
    return all;
  }
}
