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

  /**
   * Code on chain (#14): an approved upgrade whose code never reaches the chain no longer halts the
   * node. The dashboard shows the proposal postponed with its pre-check (nothing attested, code not
   * on chain), then FAILED on chain with the pre-check's reason, and the state stays ok throughout.
   */
  @Test
  void anUpgradeWhoseCodeNeverReachesTheChainIsPostponedThenFailsWithoutAHalt() throws Exception {
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
              () ->
                  http.result("forkless_dashboard", "{}")
                      .get("proposals")
                      .get(0)
                      .get("state")
                      .asText()
                      .equals("FAILED"));
      JsonNode after = http.result("forkless_dashboard", "{}");
      assertThat(after.get("state").asText()).isEqualTo("ok");
      JsonNode p = after.get("proposals").get(0);
      assertThat(p.get("reason").asText())
          .contains("pre-check: code attested by 0 of 100")
          .contains("still short after a postponement");
      JsonNode precheck = p.get("precheck");
      assertThat(precheck.get("required").asBoolean()).isTrue();
      assertThat(precheck.get("stake").asLong()).isZero();
      assertThat(precheck.get("code").get(0).get("codeHash").asText()).isEqualTo(v110.toString());
      assertThat(precheck.get("code").get(0).get("complete").asBoolean()).isFalse();
      await().atMost(WAIT).until(() -> kinds(http).contains("FAILED"));
      assertThat(kinds(http)).doesNotContain("HALTED");
      JsonNode timeline = after.get("timeline");
      assertThat(timeline.get(timeline.size() - 1).get("outcome").asText()).isEqualTo("failed");
      assertThat(after.get("runtime").get("version").asText()).isEqualTo("1.0.0");
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
