package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.HashedMigrationPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validator that starts from an empty folder after the others went through an upgrade (2.0.0 with
 * {@code add_staking}) and its forward rollback, and compacted their Raft logs, catches up by the
 * snapshot route (importing every block from the leader), agreeing at every height; then a follower
 * killed with SIGKILL during the next upgrade's activation (1.1.0) catches up after a restart, and
 * the upgrade activates at the same height on all three; finally the first validator starts once
 * more from an empty folder, behind both upgrades and the rollback, and syncs across all of them.
 */
class ValidatorCatchUpIT {

  @TempDir Path tmp;

  @Test
  void aValidatorFromAnEmptyFolderSyncsAcrossUpgradesAndARollbackAndAKilledFollowerCatchesUp()
      throws Exception {
    // Snapshots every 20 log entries: the log is compacted long before charlie starts.
    try (ValidatorNet net = ValidatorNet.configure(tmp, 3, 300, "snapshot_interval = 20\n")) {
      // alice and bob are a majority of three; charlie has not started yet.
      net.start(0, 1);
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .until(() -> net.leader() >= 0 && net.minHeight() >= 2);

      // Upgrade 1: 2.0.0 with add_staking.
      HashCode v2 = ValidatorNet.sha256(SampleJars.jar(SampleJars.RUNTIME_2_0_0));
      HashCode staking = ValidatorNet.sha256(SampleJars.jar(SampleJars.ADD_STAKING));
      long first =
          approve(
              net,
              new GovernanceAction.ProposeUpgrade(
                  "alice",
                  "2.0.0",
                  "",
                  RuntimeVersion.of(2, 0, 0),
                  v2,
                  Optional.of(
                      new HashedMigrationPlan(
                          new MigrationPlan(
                              RuntimeVersion.of(1, 0, 0),
                              RuntimeVersion.of(2, 0, 0),
                              List.of("add_staking"),
                              1,
                              false),
                          ImmutableMap.of("add_staking", staking))),
                  5,
                  1));
      net.awaitRuntime("2.0.0");

      // Its forward rollback, sent to a follower.
      int via = net.follower();
      long nonce = net.status(via).get("emergencyNonce").asLong();
      JsonNode queued =
          net.node(via)
              .rpc(
                  "forkless_rollback",
                  NodeProcess.params()
                      .put(
                          "tx",
                          ValidatorNet.hex(
                              net.sign(
                                      new GovernanceAction.Emergency(
                                          GovernanceAction.EmergencyKind.ROLLBACK, first, nonce),
                                      "alice",
                                      "bob")
                                  .encode())));
      net.awaitIncluded(via, queued.get("hash").asText());
      net.awaitRuntime("1.0.0");
      assertThat(net.proposal(0, first).get("state").asText()).isEqualTo("ROLLED_BACK");

      // Upgrade 2: 1.1.0 (no migration), scheduled far enough ahead to catch its activation.
      HashCode v11 = ValidatorNet.sha256(SampleJars.jar(SampleJars.RUNTIME_1_1_0));
      long second =
          approve(
              net,
              new GovernanceAction.ProposeUpgrade(
                  "alice", "1.1.0", "", RuntimeVersion.of(1, 1, 0), v11, Optional.empty(), 40, 2));
      long activation = net.proposal(0, second).get("activationHeight").asLong();

      // charlie starts from an empty folder; the others compacted their logs, so it is told to
      // install a snapshot and imports every block from the leader instead.
      assertThat(Files.exists(tmp.resolve("node-3").resolve("state"))).isFalse();
      await()
          .atMost(ValidatorNet.STEP)
          .until(() -> net.status(0).get("network").get("snapshotIndex").asLong() > 40);
      net.start(2);
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .until(
              () -> net.status(2).get("height").asLong() >= net.status(0).get("height").asLong());
      net.assertSameChain();

      // SIGKILL a follower as the activation block is produced (charlie unless it leads, so the
      // validator that started empty also crosses the second upgrade by replaying its log); it
      // restarts and catches up.
      await().atMost(ValidatorNet.STEP).until(() -> net.maxHeight() >= activation - 1);
      int victim = net.leader() == 2 ? net.follower() : 2;
      net.kill(victim);
      net.awaitRuntime("1.1.0");
      net.start(victim);
      net.awaitRuntime("1.1.0");
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .until(() -> net.minHeight() >= activation + 2);

      long top = net.assertSameChain();
      List<String> versions = net.versions(2, top);
      assertThat(versions.indexOf("1.1.0")).as("activation height").isEqualTo((int) activation);
      assertThat(versions.subList((int) activation, versions.size())).containsOnly("1.1.0");
      for (int i = 0; i < 3; i++) {
        assertThat(net.proposal(i, second).get("state").asText()).isEqualTo("EXECUTED");
        assertThat(net.proposal(i, first).get("state").asText()).isEqualTo("ROLLED_BACK");
      }

      // charlie once more from an empty folder, now behind both upgrades and the rollback between
      // them: it syncs across all three by the snapshot route and agrees at every height.
      net.kill(2);
      net.wipe(2);
      assertThat(Files.exists(tmp.resolve("node-3").resolve("state"))).isFalse();
      net.start(2);
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .until(
              () -> net.status(2).get("height").asLong() >= net.status(0).get("height").asLong());
      long end = net.assertSameChain();
      List<String> again = net.versions(2, end);
      assertThat(again).as("the empty node ran 2.0.0, then 1.0.0 again").contains("2.0.0");
      assertThat(again.indexOf("1.1.0")).as("activation height").isEqualTo((int) activation);
      assertThat(net.proposal(2, first).get("state").asText()).isEqualTo("ROLLED_BACK");
      assertThat(net.proposal(2, second).get("state").asText()).isEqualTo("EXECUTED");
    }
  }

  /** Proposes through a follower, alice and bob vote yes; returns the proposal id. */
  private static long approve(ValidatorNet net, GovernanceAction.ProposeUpgrade propose) {
    int via = net.follower();
    net.awaitIncluded(via, net.submitGovernance(via, propose, "alice"));
    JsonNode proposals =
        net.node(via).rpc("forkless_proposals", NodeProcess.params()).get("proposals");
    long id = proposals.get(proposals.size() - 1).get("id").asLong();
    net.awaitIncluded(
        via,
        net.submitGovernance(via, new GovernanceAction.VoteUpgrade(id, "alice", true), "alice"));
    net.awaitIncluded(
        via, net.submitGovernance(via, new GovernanceAction.VoteUpgrade(id, "bob", true), "bob"));
    assertThat(net.proposal(via, id).get("state").asText()).isEqualTo("SCHEDULED");
    return id;
  }
}
