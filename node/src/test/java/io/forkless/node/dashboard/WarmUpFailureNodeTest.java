package io.forkless.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.upgrade.TestPlugins;
import io.forkless.node.cli.StatusCommand;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.dev.DevChain;
import io.forkless.node.server.Node;
import io.forkless.node.server.NodeSettings;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import io.forkless.testing.hostile.HostileUpgrades;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.TestJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 on an in-process dev node: an approved runtime whose every transaction overflows the
 * JVM's stack (a real signed JAR from the hostile corpus, {@link HostileUpgrades#stackOverflow})
 * fails its warm-up with a {@link StackOverflowError}. The node reports it, in operator terms
 * (version, code hash, proposal id), on /health (still 200 and ok: production goes on), in the
 * status (JSON and text), on the dashboard and its events, and by a counter; RPC keeps answering
 * and blocks keep coming.
 */
class WarmUpFailureNodeTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void aStackOverflowInWarmUpIsReportedEverywhereAndTheNodeGoesOn() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_0_0), plugins.resolve(SampleJars.RUNTIME_1_0_0));
    TestJar hostile = signedRuntime(HostileUpgrades.stackOverflow(), "1.1.0");
    hostile.writeTo(plugins.resolve("stack-overflow-1.1.0.jar"));
    String codeHash = hostile.sha256Hex();
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
      // Recent runtime transactions for the warm-up to run through the staged runtime.
      io.forkless.testing.Accounts.Signer users =
          new io.forkless.testing.Accounts.Signer(DevChain.CHAIN_ID);
      for (int i = 0; i < 3; i++) {
        node.host().submit(Transaction.runtime(users.sign("transfer alice bob " + (i + 1))));
      }
      await().atMost(WAIT).until(() -> node.host().mempool().size() == 0);
      var propose =
          new GovernanceAction.ProposeUpgrade(
              "alice",
              "1.1.0",
              "",
              RuntimeVersion.of(1, 1, 0),
              com.google.common.hash.HashCode.fromString(codeHash),
              Optional.empty(),
              100_000,
              1);
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
              () -> NodeHttp.JSON.readTree(http.get("/health").body()).get("warnings").size() > 0);
      var healthResponse = http.get("/health");
      assertThat(healthResponse.statusCode()).isEqualTo(200);
      JsonNode health = NodeHttp.JSON.readTree(healthResponse.body());
      assertThat(health.get("status").asText()).isEqualTo("ok");
      String warning = health.get("warnings").get(0).asText();
      assertThat(warning)
          .contains("1.1.0", codeHash, "proposal " + id, "java.lang.StackOverflowError")
          .contains("cancel proposal " + id);

      JsonNode status = http.result("forkless_status", "{}");
      assertThat(status.get("warnings").get(0).asText()).isEqualTo(warning);
      assertThat(status.get("halted").isNull()).isTrue();
      assertThat(StatusCommand.describe(status)).contains("WARNING", warning);
      JsonNode dashboard = http.result("forkless_dashboard", "{}");
      assertThat(dashboard.get("state").asText()).isEqualTo("ok");
      assertThat(dashboard.get("warnings").get(0).asText()).isEqualTo(warning);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  http.result("forkless_events", "{}")
                      .get("events")
                      .findValuesAsText("message")
                      .contains(warning));
      assertThat(http.metric("forkless_upgrades_warmup_failures_total")).isEqualTo("1.0");

      long height = status.get("height").asLong();
      await()
          .atMost(WAIT)
          .until(() -> http.result("forkless_status", "{}").get("height").asLong() >= height + 3);
      assertThat(node.host().coordinator().pendingUpgrade()).isPresent();
    }
  }

  /** {@code c} as a runtime JAR of {@code version}, signed by the development key. */
  static TestJar signedRuntime(HostileCase c, String version) {
    TestJar.Builder builder =
        TestJar.builder()
            .manifestAttribute("Forkless-Runtime-Version", version)
            .entry("META-INF/services/io.forkless.api.Runtime", c.implementation() + "\n");
    for (Map.Entry<String, byte[]> file : c.classFiles().entrySet()) {
      builder.entry(file.getKey(), file.getValue());
    }
    return builder.build().signedBy(Signing.by(TestPlugins.devSigner()));
  }

  /** Each validator's next governance nonce: every transaction signed here is applied. */
  private final java.util.Map<String, Long> nonces = new java.util.HashMap<>();

  private SignedGovernanceTx sign(GovernanceAction action, String validator) {
    return SignedGovernanceTx.sign(
        DevChain.CHAIN_ID,
        action,
        nonces.merge(validator, 1L, Long::sum) - 1,
        ImmutableList.of(
            new SignedGovernanceTx.NamedKey(validator, DevChain.devKey(validator).getPrivate())));
  }
}
