package io.forkless.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.dev.DevChain;
import io.forkless.node.server.Node;
import io.forkless.node.server.NodeSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's page, RPC methods, /health states and metrics on an in-process dev node. */
class DashboardNodeTest {

  private static final ObjectMapper JSON = NodeHttp.JSON;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private static Node node;
  private static NodeHttp http;

  @BeforeAll
  static void startNode() {
    node =
        Node.start(
            NodeSettings.resolve(
                new NodeSettings.Options(
                    NodeSettings.Mode.DEV,
                    Optional.of(tmp.resolve("data")),
                    Optional.empty(),
                    Optional.of(new RpcAddress("127.0.0.1", 0)),
                    OptionalLong.of(100),
                    Optional.empty()),
                NodeConfig.empty()));
    http = new NodeHttp(node);
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void servesThePageAndItsAssetsFromTheJarWithNothingFromElsewhere() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<script src=\"/dashboard/app.js\"></script>");
    for (String asset : List.of("app.js", "app.css", "favicon.svg")) {
      HttpResponse<String> r = get("/dashboard/" + asset);
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.body()).as(asset).isNotEmpty();
    }
    String all = page.body() + get("/dashboard/app.js").body() + get("/dashboard/app.css").body();
    assertThat(all).as("no CDN, no remote font").doesNotContain("https://", "//cdn", "@import");
    assertThat(get("/dashboard/app.js").body()).doesNotContain(".innerHTML");
    assertThat(get("/dashboard/nope.js").statusCode()).isEqualTo(404);
  }

  @Test
  void theDashboardObjectDescribesTheChain() throws Exception {
    JsonNode d = result("forkless_dashboard", "{}");
    assertThat(d.get("runtime").get("version").asText()).isEqualTo("1.0.0");
    assertThat(d.get("blockTime").get("targetMillis").asLong()).isEqualTo(100);
    assertThat(d.get("state").asText()).isIn("ok", "paused"); // another test may pause
    assertThat(d.get("timeline").get(0).get("outcome").asText()).isEqualTo("genesis");
    assertThat(d.get("timeline").get(0).get("version").asText()).isEqualTo("1.0.0");
    assertThat(d.get("thresholds").get("quorum").asText()).isEqualTo("0.334");
    assertThat(d.get("snapshots").get("max").asInt()).isEqualTo(10);
    assertThat(d.get("validators")).hasSize(4);
    assertThat(d.get("nodeVersion").asText()).isNotEqualTo("unknown");
    for (String optional : List.of("migration", "network")) {
      assertThat(d.has(optional)).as(optional).isTrue();
    }
    await()
        .atMost(WAIT)
        .until(
            () -> result("forkless_dashboard", "{}").get("blockTime").hasNonNull("measuredMillis"));
  }

  @Test
  void aProposalAppearsWithItsTallyThresholdsAndVotingCountdownAndAsAnEvent() throws Exception {
    long seqBefore = result("forkless_events", "{}").get("lastSeq").asLong();
    var propose =
        new GovernanceAction.ProposeUpgrade(
            "alice",
            "Faster transfers",
            "minor",
            RuntimeVersion.of(1, 1, 0),
            HashCode.fromBytes(new byte[32]),
            Optional.empty(),
            5,
            7);
    String hash = submitGovernance(propose, "alice");
    await().atMost(WAIT).until(() -> tx(hash).get("status").asText().equals("included"));
    assertThat(tx(hash).get("success").asBoolean()).as("%s", tx(hash)).isTrue();

    JsonNode p = result("forkless_dashboard", "{}").get("proposals").get(0);
    assertThat(p.get("title").asText()).isEqualTo("Faster transfers");
    assertThat(p.get("state").asText()).isEqualTo("PROPOSED");
    JsonNode tally = p.get("tally");
    assertThat(tally.get("totalStake").asLong()).isEqualTo(100);
    assertThat(tally.get("quorumStake").asLong()).isEqualTo(34);
    assertThat(tally.get("passing").asBoolean()).isFalse();
    assertThat(p.get("votingCountdown").get("blocks").asLong()).isBetween(0L, 20L);
    assertThat(p.get("activationCountdown").isNull()).isTrue();
    assertThat(p.get("precheck").get("required").asBoolean()).isTrue();
    assertThat(p.get("precheck").get("stake").asLong()).isZero();

    long id = p.get("id").asLong();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(result("forkless_events", "{\"since\":" + seqBefore + "}").get("events"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.get("kind").asText()).isEqualTo("PROPOSED");
                          assertThat(e.get("proposalId").asLong()).isEqualTo(id);
                          assertThat(e.get("message").asText())
                              .contains("proposal #" + id + " (1.1.0)");
                        }));
    assertThat(result("forkless_proposal", "{\"id\":" + id + "}").get("quorumThreshold").asText())
        .isEqualTo("0.334");
  }

  @Test
  void eventsRefuseABadSince() throws Exception {
    JsonNode e = call("forkless_events", "{\"since\":-1}").get("error");
    assertThat(e.get("code").asInt()).isEqualTo(-32602);
    assertThat(e.get("message").asText()).contains("params.since");
  }

  @Test
  void healthIsPausedWith200WhileTheOperatorPausesAndOkAfter() throws Exception {
    node.host().producer().pause();
    try {
      HttpResponse<String> paused = get("/health");
      assertThat(paused.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(paused.body());
      assertThat(body.get("status").asText()).isEqualTo("paused");
      assertThat(body.get("reason").asText()).contains("operator");
      await().atMost(WAIT).until(() -> metric("forkless_paused").equals("1.0"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  result("forkless_events", "{}")
                      .get("events")
                      .findValuesAsText("kind")
                      .contains("PAUSED"));
    } finally {
      node.host().producer().resume();
    }
    HttpResponse<String> ok = get("/health");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("status").asText()).isEqualTo("ok");
    assertThat(JSON.readTree(ok.body()).has("reason")).isFalse();
  }

  @Test
  void everyMetricHasHelpAndTheOperatorMetricsAreThere() throws Exception {
    String text = get("/metrics").body();
    List<String> types = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(text);
    while (m.find()) {
      types.add(m.group(1));
    }
    assertThat(types).hasSizeGreaterThan(30);
    for (String name : types) {
      assertThat(text)
          .as("HELP of %s", name)
          .containsPattern("(?m)^# HELP " + Pattern.quote(name) + " \\S");
    }
    assertThat(text)
        .containsPattern("(?m)^forkless_build_info\\{version=\"\\d[^\"]*\"} 1")
        .containsPattern(
            "(?m)^forkless_runtime_info\\{code_hash=\"[0-9a-f]{64}\",version=\"1\\.0\\.0\"} 1")
        .containsPattern("(?m)^forkless_paused ")
        .containsPattern("(?m)^forkless_proposals\\{state=\"scheduled\"} ")
        .containsPattern("(?m)^forkless_proposals\\{state=\"rolled_back\"} ")
        .containsPattern("(?m)^forkless_next_activation_height ")
        .containsPattern("(?m)^forkless_transactions_failed_total ")
        .contains(
            "jvm_memory_used_bytes", "jvm_gc_", "process_cpu_usage", "process_uptime_seconds");
  }

  @Test
  void everyMetricOfTheGrafanaDashboardIsServed() throws Exception {
    String grafana =
        java.nio.file.Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
    JSON.readTree(grafana); // valid JSON
    // The GC pause timer appears with the first collection (the node shares this JVM).
    System.gc();
    await().atMost(WAIT).until(() -> get("/metrics").body().contains("jvm_gc_pause_seconds_sum"));
    String text = get("/metrics").body();
    Matcher m = Pattern.compile("\\b((?:forkless|jvm|process)_[a-z_]+)\\{?").matcher(grafana);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).hasSizeGreaterThan(15);
    for (String name : names) {
      assertThat(text).as("%s in /metrics", name).containsPattern("(?m)^" + name + "[ {]");
    }
  }

  @Test
  void includedTransactionsAreCounted() throws Exception {
    double before = Double.parseDouble(metric("forkless_transactions_included_total"));
    byte[] transfer =
        io.forkless.testing.Accounts.dev("alice")
            .sign(DevChain.CHAIN_ID, http.accountNonce("alice"), "transfer bob 1");
    String hash =
        result(
                "forkless_submitTransaction",
                "{\"tx\":\""
                    + java.util.HexFormat.of()
                        .formatHex(io.forkless.host.chain.Transaction.runtime(transfer).encode())
                    + "\"}")
            .get("hash")
            .asText();
    await().atMost(WAIT).until(() -> tx(hash).get("status").asText().equals("included"));
    await()
        .atMost(WAIT)
        .until(
            () -> Double.parseDouble(metric("forkless_transactions_included_total")) >= before + 1);
  }

  private static String submitGovernance(GovernanceAction action, String validator)
      throws Exception {
    SignedGovernanceTx signed =
        SignedGovernanceTx.sign(
            DevChain.CHAIN_ID,
            action,
            http.governanceNonce(validator),
            ImmutableList.of(
                new SignedGovernanceTx.NamedKey(
                    validator, DevChain.devKey(validator).getPrivate())));
    return result(
            "forkless_submitTransaction",
            "{\"tx\":\"" + HashCode.fromBytes(Transaction.host(signed.encode()).encode()) + "\"}")
        .get("hash")
        .asText();
  }

  private static JsonNode tx(String hash) throws Exception {
    return result("forkless_transaction", "{\"hash\":\"" + hash + "\"}");
  }

  private static JsonNode result(String method, String params) throws Exception {
    return http.result(method, params);
  }

  private static JsonNode call(String method, String params) throws Exception {
    return http.call(method, params);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.get(path);
  }

  private static String metric(String name) throws Exception {
    return http.metric(name);
  }
}
