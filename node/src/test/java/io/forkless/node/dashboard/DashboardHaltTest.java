package io.forkless.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.dev.DevChain;
import io.forkless.node.server.Node;
import io.forkless.node.server.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a halt: a node lacking an approved upgrade's JAR stops at the activation
 * height; the dashboard says halted with the alert, the events show the halt and the recovery, and
 * the timeline and metrics show 1.1.0 once the JAR is back.
 */
class DashboardHaltTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void showsTheHaltItsReasonAndTheRecoveryThenTheNewRuntime() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_0_0), plugins.resolve(SampleJars.RUNTIME_1_0_0));
    HashCode v110 =
        Hashing.sha256().hashBytes(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_1_0)));
    try (Node node =
        Node.start(
            NodeSettings.resolve(
                new NodeSettings.Options(
                    NodeSettings.Mode.DEV,
                    Optional.of(tmp.resolve("data")),
                    Optional.of(plugins),
                    Optional.of(new RpcAddress("127.0.0.1", 0)),
                    OptionalLong.of(50),
                    Optional.empty()),
                NodeConfig.empty()))) {
      NodeHttp http = new NodeHttp(node);
      var propose =
          new GovernanceAction.ProposeUpgrade(
              "alice", "1.1.0", "", RuntimeVersion.of(1, 1, 0), v110, Optional.empty(), 5, 1);
      node.host().submit(Transaction.host(sign(propose, "alice").encode()));
      await().atMost(WAIT).until(() -> node.host().openProposal().isPresent());
      long id = node.host().openProposal().orElseThrow().id();
      for (String v : List.of("alice", "bob")) {
        node.host()
            .submit(
                Transaction.host(sign(new GovernanceAction.VoteUpgrade(id, v, true), v).encode()));
      }

      await()
          .atMost(WAIT)
          .until(
              () -> http.result("forkless_dashboard", "{}").get("state").asText().equals("halted"));
      JsonNode halted = http.result("forkless_dashboard", "{}");
      assertThat(halted.get("reason").asText()).contains(v110.toString());
      assertThat(halted.get("proposals").get(0).get("activationCountdown").get("blocks").asLong())
          .as("halted before the activation block")
          .isLessThanOrEqualTo(1);
      await().atMost(WAIT).until(() -> kinds(http).contains("HALTED"));

      Files.copy(
          SampleJars.jar(SampleJars.RUNTIME_1_1_0), plugins.resolve(SampleJars.RUNTIME_1_1_0));
      await()
          .atMost(WAIT)
          .until(() -> http.result("forkless_dashboard", "{}").get("state").asText().equals("ok"));
      await().atMost(WAIT).until(() -> kinds(http).containsAll(List.of("RECOVERED", "EXECUTED")));
      JsonNode after = http.result("forkless_dashboard", "{}");
      JsonNode timeline = after.get("timeline");
      assertThat(timeline).hasSize(2);
      assertThat(timeline.get(1).get("version").asText()).isEqualTo("1.1.0");
      assertThat(timeline.get(1).get("outcome").asText()).isEqualTo("executed");
      assertThat(timeline.get(1).get("active").asBoolean()).isTrue();
      assertThat(timeline.get(1).get("fromHeight").asLong())
          .isEqualTo(after.get("proposals").get(0).get("activationHeight").asLong());
      await()
          .atMost(WAIT)
          .until(
              () ->
                  http.get("/metrics")
                      .body()
                      .contains(
                          "forkless_runtime_info{code_hash=\"" + v110 + "\",version=\"1.1.0\"} 1"));
      assertThat(http.get("/metrics").body()).doesNotContain("version=\"1.0.0\"} 1");
    }
  }

  private static List<String> kinds(NodeHttp http) throws Exception {
    return http.result("forkless_events", "{}").get("events").findValuesAsText("kind");
  }

  /** Each validator's next governance nonce: every transaction signed here is applied. */
  private static final java.util.Map<String, Long> NONCES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static SignedGovernanceTx sign(GovernanceAction action, String validator) {
    return SignedGovernanceTx.sign(
        DevChain.CHAIN_ID,
        action,
        NONCES.merge(validator, 1L, Long::sum) - 1,
        ImmutableList.of(
            new SignedGovernanceTx.NamedKey(validator, DevChain.devKey(validator).getPrivate())));
  }
}
