package io.forkless.host.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import io.forkless.api.MigrationPlan;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.SignedGovernanceTx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A governed node through a paused multi-block migration: blocks keep coming while users'
 * transactions wait in the mempool and governance's go through; a signed CANCEL mid-migration
 * returns the state to the pre-upgrade snapshot, on chain.
 */
class GovernedMultiBlockTest {

  @TempDir Path dir;

  private final ReplayNodes nodes = new ReplayNodes();

  @Test
  void governanceCancelsARunningMigrationAndUsersWaitedMeanwhile() {
    Path plugins =
        ReplayNodes.pluginsWith(
            dir.resolve("plugins"),
            SampleJars.RUNTIME_1_0_0,
            SampleJars.RUNTIME_2_0_0,
            SampleJars.ADD_STAKING_STEPPED);
    try (ForklessHost host = nodes.openMigrating(dir.resolve("data"), plugins)) {
      Map<String, String> preUpgrade = Map.of();
      submit(host, nodes.sign(host, proposal(), "alice"));
      submit(host, nodes.sign(host, new VoteUpgrade(1, "alice", true), "alice"));
      submit(host, nodes.sign(host, new VoteUpgrade(1, "bob", true), "bob"));
      host.producer().produceBlock().orElseThrow();
      long activation =
          host.governance()
              .proposal(host.chain().state(), 1)
              .orElseThrow()
              .activationHeight()
              .getAsLong();
      while (host.chain().head().height() < activation + 2) {
        if (host.chain().head().height() == activation - 1) {
          preUpgrade = runtimeKeys(ReplayNodes.contents(host));
        }
        MultiBlockCrashNode.transfer(
            host, "alice", "transfer bob 1 #" + host.chain().head().height());
        ExecutedBlock b = host.producer().produceBlock().orElseThrow();
        if (b.block().height() >= activation) {
          assertThat(b.block().transactions()).as("users wait in the mempool").isEmpty();
        }
      }
      assertThat(host.pausedReason()).hasValueSatisfying(r -> assertThat(r).contains("migrating"));
      assertThat(host.coordinator().migrationStatus()).isPresent();
      assertThat(host.mempool().size()).isEqualTo(3);

      long nonce = host.governance().emergencyNonce(host.chain().state());
      submit(host, nodes.sign(host, new Emergency(EmergencyKind.CANCEL, 1, nonce), "alice", "bob"));
      ExecutedBlock cancel = host.producer().produceBlock().orElseThrow();
      assertThat(cancel.block().transactions())
          .as("the cancel gets in; users still wait for that block")
          .hasSize(1);
      assertThat(cancel.receipts().get(0).success())
          .as(cancel.receipts().get(0).message())
          .isTrue();
      assertThat(host.governance().proposal(host.chain().state(), 1).orElseThrow().status())
          .isEqualTo(ProposalStatus.CANCELLED);
      assertThat(host.coordinator().migrationStatus()).isEmpty();
      assertThat(host.coordinator().currentVersion()).isEqualTo(MultiBlockCrashNode.V1);
      assertThat(runtimeKeys(ReplayNodes.contents(host)))
          .as("every account is back as it was before the activation")
          .isEqualTo(preUpgrade);
      ExecutedBlock after = host.producer().produceBlock().orElseThrow();
      assertThat(after.receipts()).hasSize(3).allSatisfy(r -> assertThat(r.success()).isTrue());
    }
  }

  private static ProposeUpgrade proposal() {
    return new ProposeUpgrade(
        "alice",
        "2.0.0 stepped",
        "multi-block",
        MultiBlockCrashNode.V2,
        ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_2_0_0)),
        Optional.of(
            new HashedMigrationPlan(
                new MigrationPlan(
                    MultiBlockCrashNode.V1,
                    MultiBlockCrashNode.V2,
                    List.of("add_staking_stepped"),
                    5,
                    true),
                ImmutableMap.of(
                    "add_staking_stepped",
                    ReplayNodes.hash(SampleJars.jar(SampleJars.ADD_STAKING_STEPPED))))),
        2,
        1);
  }

  /** The state's runtime keys (hex keys not starting with 00). */
  private static Map<String, String> runtimeKeys(Map<String, String> all) {
    Map<String, String> out = new java.util.TreeMap<>(all);
    out.keySet().removeIf(k -> k.startsWith("00"));
    return out;
  }

  private static void submit(ForklessHost host, SignedGovernanceTx tx) {
    host.submit(Transaction.host(tx.encode()));
  }
}
