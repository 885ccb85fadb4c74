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
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three validators of the dev chain as child processes on loopback (issue #15): transfer load
 * submitted to every validator, an upgrade to 2.0.0 with {@code add_staking} under that load, the
 * leader killed with SIGKILL just before the activation height and restarted. Every validator ends
 * with the same block hash and state root at every height, the upgrade activates once at its
 * scheduled height, and no accepted transaction is lost. Last, a follower restarted with the
 * test-only wrong-root fault injection halts at the falsified height with the alert (both roots and
 * the height; /health 503, status, metric) while the other two go on producing.
 */
class ValidatorNetworkIT {

  @TempDir Path tmp;

  @Test
  void
      threeValidatorsAgreeAtEveryHeightThroughAnUpgradeUnderLoadAndALeaderKillAndOneFedAWrongRootHalts()
          throws Exception {
    try (ValidatorNet net = ValidatorNet.configure(tmp, 3, 300)) {
      net.start(0, 1, 2);
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .until(() -> net.leader() >= 0 && net.minHeight() >= 2);
      JsonNode status = net.status(0);
      assertThat(status.get("network").get("peers")).hasSize(3);
      assertThat(status.get("term").asLong()).isPositive();
      assertThat(status.get("nodeId").asText()).isEqualTo("alice");

      // Load: signed transfers (each sender's nonces counting up) submitted round-robin to every
      // validator; one a validator does not answer goes, the same bytes, to the next one.
      Map<String, String> accepted = new ConcurrentHashMap<>();
      io.forkless.testing.Accounts.Signer signer =
          new io.forkless.testing.Accounts.Signer(io.forkless.node.dev.DevChain.CHAIN_ID);
      String[] ring = {"alice", "bob", "charlie", "dave"};
      AtomicBoolean loading = new AtomicBoolean(true);
      AtomicInteger tag = new AtomicInteger();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      load.scheduleWithFixedDelay(
          () -> {
            int n = tag.incrementAndGet();
            if (!loading.get()) {
              return;
            }
            String text = "transfer " + ring[n % 4] + " " + ring[(n + 1) % 4] + " 1";
            byte[] tx = io.forkless.host.chain.Transaction.runtime(signer.sign(text)).encode();
            String hash = net.submitAnywhere(n % 3, tx);
            if (hash != null) {
              accepted.put(hash, text);
            }
          },
          0,
          40,
          TimeUnit.MILLISECONDS);

      // Governance through a follower: propose 2.0.0 + add_staking, alice and bob vote yes.
      HashCode runtime = ValidatorNet.sha256(SampleJars.jar(SampleJars.RUNTIME_2_0_0));
      HashCode staking = ValidatorNet.sha256(SampleJars.jar(SampleJars.ADD_STAKING));
      RuntimeVersion v1 = RuntimeVersion.of(1, 0, 0);
      RuntimeVersion v2 = RuntimeVersion.of(2, 0, 0);
      int via = net.follower();
      var propose =
          new GovernanceAction.ProposeUpgrade(
              "alice",
              "Balances 2.0.0: staking",
              "adds stake/unstake; add_staking migrates the accounts",
              v2,
              runtime,
              Optional.of(
                  new HashedMigrationPlan(
                      new MigrationPlan(v1, v2, List.of("add_staking"), 1, false),
                      ImmutableMap.of("add_staking", staking))),
              20,
              1);
      net.awaitIncluded(via, net.submitGovernance(via, propose, "alice"));
      JsonNode proposals =
          net.node(via).rpc("forkless_proposals", NodeProcess.params()).get("proposals");
      long id = proposals.get(proposals.size() - 1).get("id").asLong();
      String yesAlice =
          net.submitGovernance(via, new GovernanceAction.VoteUpgrade(id, "alice", true), "alice");
      String yesBob =
          net.submitGovernance(via, new GovernanceAction.VoteUpgrade(id, "bob", true), "bob");
      net.awaitIncluded(via, yesAlice);
      net.awaitIncluded(via, yesBob);
      JsonNode proposal = net.proposal(via, id);
      assertThat(proposal.get("state").asText()).isEqualTo("SCHEDULED");
      long activation = proposal.get("activationHeight").asLong();

      // SIGKILL the leader as the chain reaches the block before the activation.
      await().atMost(ValidatorNet.STEP).until(() -> net.maxHeight() >= activation - 1);
      int killed = net.leader();
      assertThat(killed).as("a leader").isNotNegative();
      long killedAt = net.status(killed).get("height").asLong();
      net.kill(killed);

      // The other two elect a new leader and activate the upgrade; the killed validator comes
      // back, replays the log across the activation and catches up.
      net.awaitRuntime("2.0.0");
      net.start(killed);
      net.awaitRuntime("2.0.0");
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .until(() -> net.minHeight() >= activation + 3);
      loading.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      // Zero accepted transactions lost: every one included, on every validator.
      assertThat(accepted).hasSizeGreaterThan(20);
      for (int i = 0; i < 3; i++) {
        int v = i;
        await()
            .atMost(ValidatorNet.STEP)
            .untilAsserted(
                () -> {
                  for (Map.Entry<String, String> e : accepted.entrySet()) {
                    assertThat(net.tx(v, e.getKey()).get("status").asText())
                        .as(e.getValue())
                        .isEqualTo("included");
                  }
                });
      }

      // The same chain everywhere; the upgrade activated once, at its scheduled height.
      long top = net.assertSameChain();
      List<String> versions = net.versions(0, top);
      assertThat(versions.indexOf("2.0.0")).as("activation height").isEqualTo((int) activation);
      assertThat(Collections.frequency(versions, "1.0.0")).isEqualTo((int) activation);
      assertThat(killedAt).as("the leader died before the activation").isLessThan(activation);
      for (int i = 0; i < 3; i++) {
        assertThat(net.proposal(i, id).get("state").asText()).isEqualTo("EXECUTED");
        assertThat(net.node(i).health().statusCode()).isEqualTo(200);
        // The genesis names exactly the three: nobody attests for dave, who is not a validator.
        assertThat(net.node(i).logText()).doesNotContain("not a verdict signed by validator");
      }

      // A validator fed blocks whose header root is wrong halts with the alert, and the others
      // go on. One follower is restarted with the TEST-ONLY fault injection: every block it imports
      // from height wrongAt on claims a wrong state root; the leader and the third stay honest.
      int faulty = net.follower();
      long wrongAt = net.status(faulty).get("height").asLong() + 5;
      net.kill(faulty);
      net.launchWithWrongRootFrom(faulty, wrongAt);
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .until(() -> net.node(faulty).health().statusCode() == 503);
      int honest = (faulty + 1) % 3;
      int third = (faulty + 2) % 3;
      HashCode right = HashCode.fromString(net.block(honest, wrongAt).get("stateRoot").asText());
      HashCode claimed = com.google.common.hash.Hashing.sha256().hashBytes(right.asBytes());
      JsonNode halted = net.status(faulty);
      assertThat(halted.get("height").asLong()).as("it stops before").isEqualTo(wrongAt - 1);
      assertThat(halted.get("halted").asText())
          .contains("ALERT: halted at height " + wrongAt)
          .contains("state root " + right + " but it claims " + claimed);
      assertThat(net.node(faulty).logText()).contains("ALERT: halted at height " + wrongAt);
      assertThat(net.node(faulty).get("/metrics").lines())
          .filteredOn(l -> l.startsWith("forkless_cluster_halted"))
          .containsExactly("forkless_cluster_halted 1.0");
      String faultyId = halted.get("nodeId").asText();
      await()
          .atMost(ValidatorNet.STEP)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                for (int i : new int[] {honest, third}) {
                  assertThat(net.status(i).get("height").asLong()).isGreaterThan(wrongAt + 5);
                  assertThat(net.node(i).health().statusCode()).isEqualTo(200);
                  JsonNode peers = net.status(i).get("network").get("peers");
                  for (JsonNode p : peers) {
                    assertThat(p.get("halted").asBoolean())
                        .as("%s as seen by validator %d", p, i)
                        .isEqualTo(p.get("id").asText().equals(faultyId));
                  }
                }
              });
      assertThat(net.status(faulty).get("height").asLong()).isEqualTo(wrongAt - 1);
      net.assertSameChain();
    }
  }
}
