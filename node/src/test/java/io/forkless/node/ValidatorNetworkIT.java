package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.cluster.DevnetCommand;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three validators of the dev chain as child processes on loopback (issue #15): transfer load
 * submitted to every node, an upgrade to 2.0.0 with {@code add_staking} under that load, the leader
 * killed with SIGKILL just before the activation height and restarted; every node ends with the
 * same block hash and state root at every height, the upgrade activates once at its height, and no
 * accepted transaction is lost.
 */
class ValidatorNetworkIT {

  private static final Duration STEP = Duration.ofSeconds(90);
  private static final int N = 3;

  @TempDir Path tmp;

  private final AtomicReferenceArray<NodeProcess> nodes = new AtomicReferenceArray<>(N);
  private List<Path> configs = List.of();

  @AfterEach
  void stopAll() {
    for (int i = 0; i < N; i++) {
      NodeProcess n = nodes.get(i);
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void threeValidatorsAgreeAtEveryHeightThroughAnUpgradeUnderLoadAndALeaderKill() throws Exception {
    List<Integer> raft = new ArrayList<>();
    List<Integer> rpc = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      raft.add(NodeProcess.freeTcpPort());
      rpc.add(NodeProcess.freeTcpPort());
    }
    configs = DevnetCommand.writeConfigs(tmp, rpc, raft);
    for (int i = 0; i < N; i++) {
      start(i);
    }
    await().atMost(STEP).until(() -> leaderIndex() >= 0 && minHeight() >= 2);
    JsonNode status = rpc(0, "forkless_status");
    assertThat(status.get("network").get("peers")).hasSize(N);
    assertThat(status.get("term").asLong()).isPositive();

    // Load: unique transfers submitted round-robin to every validator.
    Map<String, String> accepted = new ConcurrentHashMap<>();
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger tag = new AtomicInteger();
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    load.scheduleWithFixedDelay(
        () -> {
          int n = tag.incrementAndGet();
          if (!loading.get()) {
            return;
          }
          String text = "transfer alice bob 1 #" + n;
          NodeProcess target = nodes.get(n % N);
          if (target == null || !target.isAlive()) {
            return;
          }
          try {
            JsonNode r =
                target.rpcResponse(
                    "forkless_submitRuntimeTransaction", NodeProcess.params().put("text", text));
            if (r.has("result")) {
              accepted.put(r.get("result").get("hash").asText(), text);
            }
          } catch (RuntimeException e) {
            // The node was killed mid-request: not accepted, so not counted.
          }
        },
        0,
        20,
        TimeUnit.MILLISECONDS);

    // Governance through a follower: propose 2.0.0 + add_staking, alice and bob vote yes.
    HashCode runtime = sha256(SampleJars.jar(SampleJars.RUNTIME_2_0_0));
    HashCode staking = sha256(SampleJars.jar(SampleJars.ADD_STAKING));
    RuntimeVersion v1 = RuntimeVersion.of(1, 0, 0);
    RuntimeVersion v2 = RuntimeVersion.of(2, 0, 0);
    int via = (leaderIndex() + 1) % N;
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
    awaitIncluded(via, submitGovernance(via, sign(propose, "alice")));
    JsonNode proposals = rpc(via, "forkless_proposals").get("proposals");
    long id = proposals.get(proposals.size() - 1).get("id").asLong();
    String yesAlice =
        submitGovernance(via, sign(new GovernanceAction.VoteUpgrade(id, "alice", true), "alice"));
    String yesBob =
        submitGovernance(via, sign(new GovernanceAction.VoteUpgrade(id, "bob", true), "bob"));
    awaitIncluded(via, yesAlice);
    awaitIncluded(via, yesBob);
    JsonNode proposal = nodes.get(via).rpc("forkless_proposal", NodeProcess.params().put("id", id));
    assertThat(proposal.get("state").asText()).isEqualTo("SCHEDULED");
    long activation = proposal.get("activationHeight").asLong();

    // Kill -9 the leader as the chain reaches the block before the activation.
    await().atMost(STEP).until(() -> maxHeight() >= activation - 1);
    int killed = leaderIndex();
    assertThat(killed).as("a leader").isNotNegative();
    nodes.get(killed).kill();
    long killedAt = maxHeight();

    // A new leader is elected by the other two; the upgrade activates on them.
    await()
        .atMost(STEP)
        .until(
            () -> {
              for (int i = 0; i < N; i++) {
                if (i != killed
                    && !rpc(i, "forkless_status").get("runtimeVersion").asText().equals("2.0.0")) {
                  return false;
                }
              }
              return true;
            });
    // The killed validator comes back, replays the log across the activation and catches up.
    start(killed);
    await()
        .atMost(STEP)
        .until(
            () ->
                rpc(killed, "forkless_status").get("runtimeVersion").asText().equals("2.0.0")
                    && minHeight() >= activation + 3);
    loading.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    // Zero accepted transactions lost: every one included (on every node).
    assertThat(accepted).hasSizeGreaterThan(20);
    for (int i = 0; i < N; i++) {
      int node = i;
      await()
          .atMost(STEP)
          .untilAsserted(
              () -> {
                for (Map.Entry<String, String> e : accepted.entrySet()) {
                  JsonNode t = tx(node, e.getKey());
                  assertThat(t.get("status").asText()).as(e.getValue()).isEqualTo("included");
                }
              });
    }

    // Every node: the same block hash and state root at every height; one activation, at its
    // scheduled height.
    long top = minHeight();
    int versionChanges = 0;
    String previousVersion = "1.0.0";
    for (long h = 0; h <= top; h++) {
      JsonNode first = block(0, h);
      for (int i = 1; i < N; i++) {
        JsonNode other = block(i, h);
        assertThat(other.get("hash").asText())
            .as("block %d on node %d", h, i)
            .isEqualTo(first.get("hash").asText());
        assertThat(other.get("stateRoot").asText())
            .as("root %d on node %d", h, i)
            .isEqualTo(first.get("stateRoot").asText());
      }
      String version = first.get("runtimeVersion").asText();
      if (!version.equals(previousVersion)) {
        versionChanges++;
        assertThat(h).as("activation height").isEqualTo(activation);
        previousVersion = version;
      }
    }
    assertThat(versionChanges).as("the upgrade activated exactly once").isEqualTo(1);
    assertThat(killedAt).as("the leader was killed before the activation").isLessThan(activation);
    for (int i = 0; i < N; i++) {
      JsonNode p = nodes.get(i).rpc("forkless_proposal", NodeProcess.params().put("id", id));
      assertThat(p.get("state").asText()).isEqualTo("EXECUTED");
      assertThat(nodes.get(i).health().statusCode()).isEqualTo(200);
    }
  }

  private void start(int i) {
    nodes.set(
        i,
        NodeProcess.start(
            tmp.resolve("node-" + (i + 1) + ".log"),
            "--dev",
            "--config",
            configs.get(i).toString(),
            "--block-time",
            "300"));
  }

  private JsonNode rpc(int i, String method) {
    return nodes.get(i).rpc(method, NodeProcess.params());
  }

  private JsonNode block(int i, long height) {
    return nodes.get(i).rpc("forkless_block", NodeProcess.params().put("height", height));
  }

  private JsonNode tx(int i, String hash) {
    return nodes.get(i).rpc("forkless_transaction", NodeProcess.params().put("hash", hash));
  }

  /** The index of the node the live nodes agree leads; -1 while there is none. */
  private int leaderIndex() {
    for (int i = 0; i < N; i++) {
      NodeProcess n = nodes.get(i);
      if (n != null && n.isAlive()) {
        JsonNode net = n.rpc("forkless_status", NodeProcess.params()).get("network");
        if (net.get("role").asText().equals("LEADER")) {
          return i;
        }
      }
    }
    return -1;
  }

  private long minHeight() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < N; i++) {
      min = Math.min(min, rpc(i, "forkless_status").get("height").asLong());
    }
    return min;
  }

  private long maxHeight() {
    long max = -1;
    for (int i = 0; i < N; i++) {
      NodeProcess n = nodes.get(i);
      if (n != null && n.isAlive()) {
        max = Math.max(max, rpc(i, "forkless_status").get("height").asLong());
      }
    }
    return max;
  }

  private void awaitIncluded(int i, String hash) {
    await()
        .atMost(STEP)
        .ignoreExceptions()
        .until(() -> tx(i, hash).get("status").asText().equals("included"));
    assertThat(tx(i, hash).get("success").asBoolean()).as("%s", tx(i, hash)).isTrue();
  }

  private String submitGovernance(int i, SignedGovernanceTx tx) {
    return nodes
        .get(i)
        .rpc(
            "forkless_submitTransaction",
            NodeProcess.params().put("tx", hex(Transaction.host(tx.encode()).encode())))
        .get("hash")
        .asText();
  }

  private static SignedGovernanceTx sign(GovernanceAction action, String... validators) {
    List<SignedGovernanceTx.NamedKey> keys = new ArrayList<>();
    for (String v : validators) {
      keys.add(new SignedGovernanceTx.NamedKey(v, DevChain.devKey(v).getPrivate()));
    }
    return SignedGovernanceTx.sign(DevChain.CHAIN_ID, action, ImmutableList.copyOf(keys));
  }

  private static HashCode sha256(Path file) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }

  private static String hex(byte[] bytes) {
    return HashCode.fromBytes(bytes).toString();
  }
}
