package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.cluster.DevnetCommand;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A validator network of the dev chain for integration tests: one {@code forkless node --dev
 * --config node-N/validator.toml} child process per validator (the N-th dev validator), free
 * loopback ports, each validator's output in its own log file. Validators can be started late,
 * killed with SIGKILL and restarted on their folder.
 */
final class ValidatorNet implements AutoCloseable {

  /** Generous: several JVMs on a loaded two-core machine (elections, runtime loading, catch-up). */
  static final Duration STEP = Duration.ofSeconds(240);

  private final Path dir;
  private final List<Path> configs;
  private final AtomicReferenceArray<NodeProcess> nodes;
  private final String blockTimeMillis;
  private final Path logs;

  private ValidatorNet(Path dir, List<Path> configs, String blockTimeMillis) {
    this.dir = dir;
    this.configs = configs;
    this.nodes = new AtomicReferenceArray<>(configs.size());
    this.blockTimeMillis = blockTimeMillis;
    // Outside the test's temporary folder, so they are still there when a test failed.
    this.logs = Path.of("target", "validator-logs", dir.getFileName().toString());
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the configs of {@code n} validators under {@code dir}; starts none. */
  static ValidatorNet configure(Path dir, int n, long blockTimeMillis) {
    return configure(dir, n, blockTimeMillis, "");
  }

  /** As above, with extra {@code [cluster]} keys (TOML lines) for every validator. */
  static ValidatorNet configure(Path dir, int n, long blockTimeMillis, String extraClusterKeys) {
    List<Integer> rpc = new ArrayList<>();
    List<Integer> raft = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rpc.add(NodeProcess.freeTcpPort());
      raft.add(NodeProcess.freeTcpPort());
    }
    try {
      return new ValidatorNet(
          dir,
          DevnetCommand.writeConfigs(dir, rpc, raft, extraClusterKeys),
          Long.toString(blockTimeMillis));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int size() {
    return configs.size();
  }

  /** Starts these validators at once and waits until each answers /health. */
  void start(int... which) {
    for (int i : which) {
      launch(i);
    }
    for (int i : which) {
      // Generous: several JVMs load and instrument the runtime at once on a loaded machine.
      nodes.get(i).awaitHealthy(STEP);
    }
  }

  /**
   * Starts validator {@code i} with the TEST-ONLY fault injection armed (cluster's {@code
   * WrongRootFault}): every block it imports from {@code height} on claims a wrong state root, so
   * it halts there. Does not wait for /health: it may halt while catching up.
   */
  void launchWithWrongRootFrom(int i, long height) {
    launch(i, List.of("-Dforkless.test.fault.wrongHeaderRootFromHeight=" + height));
  }

  private void launch(int i) {
    launch(i, List.of());
  }

  private void launch(int i, List<String> jvmOptions) {
    nodes.set(
        i,
        NodeProcess.launch(
            logs.resolve("node-" + (i + 1) + ".log"),
            jvmOptions,
            "--dev",
            "--config",
            configs.get(i).toString(),
            "--block-time",
            blockTimeMillis));
  }

  void kill(int i) {
    nodes.get(i).kill();
  }

  /**
   * Deletes everything validator {@code i}'s node wrote in its folder (chain state, Raft log and
   * snapshots, code cache), keeping only its config and key: the next start is from an empty
   * folder. The node must not be running.
   */
  void wipe(int i) {
    if (running(i)) {
      throw new IllegalStateException("validator " + i + " is still running");
    }
    Path folder = configs.get(i).getParent();
    try (var entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        if (Files.isDirectory(entry)) {
          try (var tree = Files.walk(entry)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean running(int i) {
    NodeProcess n = nodes.get(i);
    return n != null && n.isAlive();
  }

  NodeProcess node(int i) {
    return nodes.get(i);
  }

  JsonNode status(int i) {
    return nodes.get(i).rpc("forkless_status", NodeProcess.params());
  }

  JsonNode block(int i, long height) {
    return nodes.get(i).rpc("forkless_block", NodeProcess.params().put("height", height));
  }

  JsonNode tx(int i, String hash) {
    return nodes.get(i).rpc("forkless_transaction", NodeProcess.params().put("hash", hash));
  }

  JsonNode proposal(int i, long id) {
    return nodes.get(i).rpc("forkless_proposal", NodeProcess.params().put("id", id));
  }

  /** The running validator that says it leads; -1 while none does. */
  int leader() {
    for (int i = 0; i < size(); i++) {
      if (running(i) && status(i).get("network").get("role").asText().equals("LEADER")) {
        return i;
      }
    }
    return -1;
  }

  /** A running validator that does not lead. */
  int follower() {
    int leader = leader();
    for (int i = 0; i < size(); i++) {
      if (running(i) && i != leader) {
        return i;
      }
    }
    throw new AssertionError("no running follower");
  }

  long minHeight() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < size(); i++) {
      if (running(i)) {
        min = Math.min(min, status(i).get("height").asLong());
      }
    }
    return min;
  }

  long maxHeight() {
    long max = -1;
    for (int i = 0; i < size(); i++) {
      if (running(i)) {
        max = Math.max(max, status(i).get("height").asLong());
      }
    }
    return max;
  }

  /** Waits until every running validator runs {@code version}. */
  void awaitRuntime(String version) {
    await()
        .atMost(STEP)
        .ignoreExceptions()
        .until(
            () -> {
              for (int i = 0; i < size(); i++) {
                if (running(i) && !status(i).get("runtimeVersion").asText().equals(version)) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Waits until {@code hash} is included, successfully, as seen by validator {@code i}. */
  void awaitIncluded(int i, String hash) {
    await()
        .atMost(STEP)
        .ignoreExceptions()
        .until(() -> tx(i, hash).get("status").asText().equals("included"));
    JsonNode t = tx(i, hash);
    assertThat(t.get("success").asBoolean()).as("%s", t).isTrue();
  }

  String submitGovernance(int i, GovernanceAction action, String... signers) {
    SignedGovernanceTx signed = sign(action, signers);
    return nodes
        .get(i)
        .rpc(
            "forkless_submitTransaction",
            NodeProcess.params().put("tx", hex(Transaction.host(signed.encode()).encode())))
        .get("hash")
        .asText();
  }

  /**
   * Every running validator has the same block hash and state root at every height up to the lowest
   * head; returns that height.
   */
  long assertSameChain() {
    long top = minHeight();
    int first = -1;
    for (int i = 0; i < size(); i++) {
      if (running(i)) {
        first = i;
        break;
      }
    }
    for (long h = 0; h <= top; h++) {
      JsonNode expected = block(first, h);
      for (int i = first + 1; i < size(); i++) {
        if (!running(i)) {
          continue;
        }
        JsonNode b = block(i, h);
        assertThat(b.get("hash").asText())
            .as("block %d on validator %d", h, i)
            .isEqualTo(expected.get("hash").asText());
        assertThat(b.get("stateRoot").asText())
            .as("state root %d on validator %d", h, i)
            .isEqualTo(expected.get("stateRoot").asText());
      }
    }
    return top;
  }

  /** The runtime version of each block 0..top on validator {@code i}. */
  List<String> versions(int i, long top) {
    List<String> out = new ArrayList<>();
    for (long h = 0; h <= top; h++) {
      out.add(block(i, h).get("runtimeVersion").asText());
    }
    return out;
  }

  /** Each validator's next governance nonce: every transaction signed here is applied once. */
  private final java.util.Map<String, Long> nonces = new java.util.concurrent.ConcurrentHashMap<>();

  SignedGovernanceTx sign(GovernanceAction action, String... validators) {
    List<SignedGovernanceTx.NamedKey> keys = new ArrayList<>();
    for (String v : validators) {
      keys.add(new SignedGovernanceTx.NamedKey(v, DevChain.devKey(v).getPrivate()));
    }
    long nonce = nonces.merge(validators[0], 1L, Long::sum) - 1;
    return SignedGovernanceTx.sign(DevChain.CHAIN_ID, action, nonce, ImmutableList.copyOf(keys));
  }

  /**
   * Submits an encoded transaction to validator {@code first}, or the next running one when a
   * validator does not answer (killed): the same bytes, so a signed transaction keeps its nonce.
   * Returns its hash, or null when no validator took it.
   */
  @org.jspecify.annotations.Nullable
  String submitAnywhere(int first, byte[] encoded) {
    for (int k = 0; k < size(); k++) {
      int i = (first + k) % size();
      if (!running(i)) {
        continue;
      }
      try {
        JsonNode r =
            nodes
                .get(i)
                .rpcResponse(
                    "forkless_submitTransaction",
                    NodeProcess.params().put("tx", java.util.HexFormat.of().formatHex(encoded)));
        if (r.has("result")) {
          return r.get("result").get("hash").asText();
        }
      } catch (RuntimeException e) {
        // killed mid-request: try the next validator with the same bytes
      }
    }
    return null;
  }

  static HashCode sha256(Path file) {
    try {
      return Hashing.sha256().hashBytes(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HashCode.fromBytes(bytes).toString();
  }

  @Override
  public void close() {
    for (int i = 0; i < size(); i++) {
      NodeProcess n = nodes.get(i);
      if (n != null) {
        n.close();
      }
    }
  }
}
