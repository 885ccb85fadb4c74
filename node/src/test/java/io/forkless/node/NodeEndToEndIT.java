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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as a user runs it: {@code forkless.jar node --dev} as a child process, driven only
 * through JSON-RPC and the plugins folder. A live upgrade to 2.0.0 with {@code add_staking} under
 * transfer load, a tampered JAR, a SIGTERM, a restart on the same folder, then a rollback (forward:
 * nothing reverted, nothing lost), and a second node replaying it all in separate processes.
 */
class NodeEndToEndIT {

  private static final Duration STEP = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void upgradesLiveUnderLoadRollsBackAndResumesAfterRestartWithoutLosingATransaction()
      throws Exception {
    Path data = tmp.resolve("data");
    Path log1 = tmp.resolve("node-1.log");
    Map<String, String> transfers = new ConcurrentHashMap<>(); // hash -> text
    String proposalId;
    JsonNode beforeStop;
    long activationHeight;
    String stakeHash;
    try (NodeProcess node =
        NodeProcess.start(log1, "--dev", "--data-dir", data.toString(), "--block-time", "200")) {
      assertThat(node.rpc("forkless_status", NodeProcess.params()).get("runtimeVersion").asText())
          .isEqualTo("1.0.0");

      // Load: transfers signed by the dev accounts' keys, each sender's nonces counting up,
      // submitted all through the upgrade.
      io.forkless.testing.Accounts.Signer alice =
          new io.forkless.testing.Accounts.Signer(DevChain.CHAIN_ID);
      AtomicBoolean loading = new AtomicBoolean(true);
      AtomicInteger tag = new AtomicInteger();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      load.scheduleAtFixedRate(
          () -> {
            int n = tag.incrementAndGet();
            if (!loading.get() || n > 600) {
              return;
            }
            // Four senders in a ring: each stays well under the mempool's 64 pending per sender
            // while the upgrade pauses production.
            String[] ring = {"alice", "bob", "charlie", "dave"};
            String text = "transfer " + ring[n % 4] + " " + ring[(n + 1) % 4] + " 1";
            transfers.put(submitSigned(node, alice, text), text);
          },
          0,
          10,
          TimeUnit.MILLISECONDS);

      // Propose 2.0.0 with add_staking (the bundled JARs' code hashes); alice + bob = 70 of 100.
      HashCode runtime = sha256(SampleJars.jar(SampleJars.RUNTIME_2_0_0));
      HashCode staking = sha256(SampleJars.jar(SampleJars.ADD_STAKING));
      RuntimeVersion v1 = RuntimeVersion.of(1, 0, 0);
      RuntimeVersion v2 = RuntimeVersion.of(2, 0, 0);
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
              5,
              1);
      awaitSuccess(node, submitGovernance(node, sign(propose, "alice")));
      JsonNode proposals = node.rpc("forkless_proposals", NodeProcess.params()).get("proposals");
      proposalId = proposals.get(proposals.size() - 1).get("id").asText();
      long id = Long.parseLong(proposalId);
      String voteAlice =
          submitGovernance(
              node, sign(new GovernanceAction.VoteUpgrade(id, "alice", true), "alice"));
      String voteBob =
          submitGovernance(node, sign(new GovernanceAction.VoteUpgrade(id, "bob", true), "bob"));
      awaitSuccess(node, voteAlice);
      awaitSuccess(node, voteBob);
      JsonNode proposal = node.rpc("forkless_proposal", NodeProcess.params().put("id", id));
      assertThat(proposal.get("state").asText()).isEqualTo("SCHEDULED");
      assertThat(proposal.get("yesStake").asLong()).isEqualTo(70);
      assertThat(proposal.get("migrations").get(0).get("codeHash").asText())
          .isEqualTo(staking.toString());
      long activation = proposal.get("activationHeight").asLong();
      assertThat(
              node.rpc("forkless_status", NodeProcess.params())
                  .get("pendingUpgrade")
                  .get("id")
                  .asLong())
          .isEqualTo(id);

      // The upgrade activates at its scheduled height while the load goes on.
      await().atMost(STEP).until(() -> status(node).get("runtimeVersion").asText().equals("2.0.0"));
      JsonNode atActivation =
          node.rpc("forkless_block", NodeProcess.params().put("height", activation));
      JsonNode beforeActivation =
          node.rpc("forkless_block", NodeProcess.params().put("height", activation - 1));
      assertThat(atActivation.get("runtimeVersion").asText()).isEqualTo("2.0.0");
      assertThat(atActivation.get("codeHash").asText()).isEqualTo(runtime.toString());
      assertThat(beforeActivation.get("runtimeVersion").asText()).isEqualTo("1.0.0");
      assertThat(loading.get()).as("load still running at activation").isTrue();
      String stake = submitSigned(node, alice, "stake alice 100");
      awaitSuccess(node, stake);
      assertThat(status(node).get("snapshots").asInt()).isEqualTo(1);
      activationHeight = activation;
      stakeHash = stake;
      loading.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      // Each transfer is now signed before it is sent (Ed25519 in the test JVM), so fewer fit in
      // the
      // upgrade window on a loaded machine; what matters is the next check (load on both sides).
      assertThat(transfers).hasSizeGreaterThan(100);
      awaitAllSucceeded(node, transfers);
      List<Long> heights =
          transfers.keySet().stream().map(h -> tx(node, h).get("height").asLong()).toList();
      assertThat(heights)
          .as("transfers were included both before and after the activation height %s", activation)
          .anyMatch(h -> h < activation)
          .anyMatch(h -> h >= activation);

      // A tampered JAR dropped into the plugins folder is rejected; the chain goes on.
      long heightBefore = status(node).get("height").asLong();
      Path dropped = data.resolve("plugins").resolve("tampered-2.0.0.jar");
      Path part = data.resolve("plugins").resolve("tampered.part");
      Files.write(part, TamperedJars.tamper(SampleJars.jar(SampleJars.RUNTIME_2_0_0)));
      Files.move(part, dropped);
      await().atMost(STEP).until(() -> node.logText().contains("rejected tampered-2.0.0.jar: "));
      await().atMost(STEP).until(() -> status(node).get("height").asLong() > heightBefore + 2);

      assertThat(node.get("/metrics"))
          .contains(
              "forkless_chain_height", "forkless_mempool_size", "forkless_block_time_seconds");
      beforeStop = status(node);
      assertThat(node.stop()).as("exit code after SIGTERM").isZero();
      assertThat(node.logText()).contains("stopped cleanly at height");
    }

    // Restart on the same folder: version, head and state root persist.
    long stoppedAt = stoppedHeight(Files.readString(log1));
    assertThat(stoppedAt).isGreaterThanOrEqualTo(beforeStop.get("height").asLong());
    try (NodeProcess node =
        NodeProcess.start(
            tmp.resolve("node-2.log"),
            "--dev",
            "--data-dir",
            data.toString(),
            "--block-time",
            "200")) {
      // Upgrade -> SIGTERM -> restart: the upgraded runtime, its retained predecessor and the
      // pre-upgrade snapshot all come back from the data folder.
      assertThat(node.logText()).contains("at height " + stoppedAt + ", runtime 2.0.0");
      JsonNode block =
          node.rpc(
              "forkless_block",
              NodeProcess.params().put("height", beforeStop.get("height").asLong()));
      assertThat(block.get("hash").asText()).isEqualTo(beforeStop.get("headHash").asText());
      assertThat(block.get("stateRoot").asText()).isEqualTo(beforeStop.get("stateRoot").asText());
      JsonNode status = status(node);
      assertThat(status.get("runtimeVersion").asText()).isEqualTo("2.0.0");
      assertThat(status.get("height").asLong()).isGreaterThanOrEqualTo(stoppedAt);
      assertThat(status.get("snapshots").asInt()).as("snapshot re-adopted").isEqualTo(1);
      long id = Long.parseLong(proposalId);
      long activation = activationHeight;
      String stake = stakeHash;

      // Rollback by alice + bob with the emergency nonce: an ordinary transaction in the next
      // block sets the state back and re-activates 1.0.0; nothing is lost, no block is reverted.
      long nonce = status(node).get("emergencyNonce").asLong();
      long headBefore = status(node).get("height").asLong();
      var rollback =
          new GovernanceAction.Emergency(GovernanceAction.EmergencyKind.ROLLBACK, id, nonce);
      JsonNode queued =
          node.rpc(
              "forkless_rollback",
              NodeProcess.params().put("tx", hex(sign(rollback, "alice", "bob").encode())));
      assertThat(queued.get("restoredHeight").asLong()).isEqualTo(activation - 1);
      String rollbackHash = queued.get("hash").asText();
      await()
          .atMost(STEP)
          .until(() -> tx(node, rollbackHash).get("status").asText().equals("included"));
      JsonNode rolledBack = tx(node, rollbackHash);
      assertThat(rolledBack.get("success").asBoolean()).as(rolledBack.toString()).isTrue();
      assertThat(rolledBack.get("height").asLong()).isGreaterThan(headBefore);
      assertThat(status(node).get("runtimeVersion").asText()).isEqualTo("1.0.0");
      awaitAllSucceeded(node, transfers);
      // The stake transaction's receipt at the activation is final (2.0.0 staked); its
      // re-execution under 1.0.0 after the rollback is recorded in a later block.
      assertThat(tx(node, stake).get("success").asBoolean()).isTrue();
      assertThat(
              node.rpc("forkless_proposal", NodeProcess.params().put("id", id))
                  .get("state")
                  .asText())
          .isEqualTo("ROLLED_BACK");

      assertThat(tx(node, transfers.keySet().iterator().next()).get("status").asText())
          .isEqualTo("included");
      assertThat(node.stop()).isZero();
    }

    // A new node joins by replaying history, in separate processes on separate folders: export A's
    // chain, import it into a fresh folder B (every block re-executed: the upgrade at the same
    // height, the rollback, the re-executed transactions, each state root checked), then export B.
    // Byte-identical files mean identical headers at every height: height, parent, state root,
    // runtime version and code hash.
    Path exportA = tmp.resolve("a.blocks");
    Path exportB = tmp.resolve("b.blocks");
    Path dataB = tmp.resolve("data-b");
    assertThat(forkless(tmp, "export-blocks", "--data-dir", data.toString(), exportA.toString()))
        .isZero();
    assertThat(
            forkless(
                tmp, "import-blocks", "--data-dir", dataB.toString(), "--dev", exportA.toString()))
        .isZero();
    assertThat(forkless(tmp, "export-blocks", "--data-dir", dataB.toString(), exportB.toString()))
        .isZero();
    assertThat(Files.size(exportA)).as("A's blocks and their transactions").isGreaterThan(4_000);
    assertThat(Files.readString(tmp.resolve("forkless-cli.log"))).contains("imported");
    assertThat(Files.readAllBytes(exportB)).isEqualTo(Files.readAllBytes(exportA));
  }

  /** Runs {@code forkless ARGS} as a child process and returns its exit code (output to a log). */
  private static int forkless(Path tmp, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(NodeProcess.nodeJar().toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(tmp.resolve("forkless-cli.log").toFile()))
            .start();
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("forkless " + String.join(" ", args) + " did not finish");
    }
    if (p.exitValue() != 0) {
      System.err.println(Files.readString(tmp.resolve("forkless-cli.log")));
    }
    return p.exitValue();
  }

  private static long stoppedHeight(String log) {
    Matcher m = Pattern.compile("stopped cleanly at height (\\d+)").matcher(log);
    if (!m.find()) {
      throw new AssertionError("no clean stop in the log:\n" + log);
    }
    return Long.parseLong(m.group(1));
  }

  private static JsonNode status(NodeProcess node) {
    return node.rpc("forkless_status", NodeProcess.params());
  }

  private static JsonNode tx(NodeProcess node, String hash) {
    return node.rpc("forkless_transaction", NodeProcess.params().put("hash", hash));
  }

  private static void awaitSuccess(NodeProcess node, String hash) {
    await().atMost(STEP).until(() -> tx(node, hash).get("status").asText().equals("included"));
    JsonNode t = tx(node, hash);
    assertThat(t.get("success").asBoolean()).as("%s", t).isTrue();
  }

  /** Signs {@code legacyText} with the signer's next nonce and submits it; returns its hash. */
  private static String submitSigned(
      NodeProcess node, io.forkless.testing.Accounts.Signer signer, String legacyText) {
    // One at a time: nonces reach the node in the order they were given out.
    synchronized (signer) {
      byte[] tx = io.forkless.host.chain.Transaction.runtime(signer.sign(legacyText)).encode();
      return node.rpc(
              "forkless_submitTransaction",
              NodeProcess.params().put("tx", java.util.HexFormat.of().formatHex(tx)))
          .get("hash")
          .asText();
    }
  }

  /** Every transfer ends included and successful: none lost, none failed. */
  private static void awaitAllSucceeded(NodeProcess node, Map<String, String> transfers) {
    List<String> hashes = new ArrayList<>(transfers.keySet());
    await()
        .atMost(STEP)
        .untilAsserted(
            () -> {
              for (String h : hashes) {
                JsonNode t = tx(node, h);
                assertThat(t.get("status").asText()).as(transfers.get(h)).isEqualTo("included");
                assertThat(t.get("success").asBoolean()).as("%s: %s", transfers.get(h), t).isTrue();
              }
            });
  }

  private static String submitGovernance(NodeProcess node, SignedGovernanceTx tx) {
    return node.rpc(
            "forkless_submitTransaction",
            NodeProcess.params().put("tx", hex(Transaction.host(tx.encode()).encode())))
        .get("hash")
        .asText();
  }

  /** Each validator's next governance nonce: every transaction signed here is applied once. */
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();

  private SignedGovernanceTx sign(GovernanceAction action, String... validators) {
    List<SignedGovernanceTx.NamedKey> keys = new ArrayList<>();
    for (String v : validators) {
      keys.add(new SignedGovernanceTx.NamedKey(v, DevChain.devKey(v).getPrivate()));
    }
    long nonce = nonces.merge(validators[0], 1L, Long::sum) - 1;
    return SignedGovernanceTx.sign(DevChain.CHAIN_ID, action, nonce, ImmutableList.copyOf(keys));
  }

  private static HashCode sha256(Path file) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }

  private static String hex(byte[] bytes) {
    return HashCode.fromBytes(bytes).toString();
  }
}
