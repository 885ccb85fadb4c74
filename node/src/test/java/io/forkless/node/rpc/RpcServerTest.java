package io.forkless.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import io.forkless.node.config.RpcLimits;
import io.forkless.node.dev.DevChain;
import io.forkless.node.server.Node;
import io.forkless.node.server.NodeSettings;
import io.forkless.testing.Accounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every JSON-RPC method of docs/rpc.md, its errors, /health and /metrics, on a dev node. */
class RpcServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path tmp;
  private static Node node;

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
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void statusDescribesTheDevChain() throws Exception {
    JsonNode s = result("forkless_status", "{}");
    assertThat(s.get("chainId").asText()).isEqualTo("forkless-dev");
    assertThat(s.get("dev").asBoolean()).isTrue();
    assertThat(s.get("runtimeVersion").asText()).isEqualTo("1.0.0");
    assertThat(s.get("codeHash").asText()).hasSize(64);
    assertThat(s.get("paused").asBoolean()).isFalse();
    assertThat(s.get("halted").isNull()).isTrue();
    assertThat(s.get("totalStake").asLong()).isEqualTo(100);
    assertThat(s.get("validators")).hasSize(4);
    var config = io.forkless.node.dev.DevChain.upgradeConfig();
    assertThat(s.get("timelockDelay").asLong()).isEqualTo(config.timelockDelay());
    assertThat(s.get("votingPeriod").asLong()).isEqualTo(config.votingPeriod());
    assertThat(s.get("quorumThreshold").asText()).isEqualTo(config.quorumThreshold().toString());
    assertThat(s.get("approvalThreshold").asText())
        .isEqualTo(config.approvalThreshold().toString());
    assertThat(s.get("maxSnapshots").asInt()).isEqualTo(config.maxSnapshots());
    assertThat(s.has("pendingUpgrade")).isTrue(); // null or the proposal of another test
    for (String field :
        List.of("height", "headHash", "stateRoot", "snapshots", "mempoolSize", "emergencyNonce")) {
      assertThat(s.has(field)).as(field).isTrue();
    }
  }

  @Test
  void aRuntimeTransactionGoesFromPendingToIncludedWithItsReceipt() throws Exception {
    String signed = signed("alice", 0, "transfer bob 5");
    String hash = result("forkless_submitTransaction", signed).get("hash").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tx(hash).get("status").asText().equals("included"));
    JsonNode t = tx(hash);
    assertThat(t.get("success").asBoolean()).isTrue();
    JsonNode block = result("forkless_block", "{\"height\":" + t.get("height").asLong() + "}");
    assertThat(block.get("transactions").findValuesAsText("hash")).contains(hash);
    assertThat(block.get("transactions").get(0).get("kind").asText()).isEqualTo("runtime");
    assertThat(block.get("receipts").get(0).get("success").asBoolean()).isTrue();

    JsonNode duplicate = error("forkless_submitTransaction", signed);
    assertThat(duplicate.get("code").asInt()).isEqualTo(-32000);
    assertThat(duplicate.get("message").asText()).contains("already");
  }

  @Test
  void submitTransactionTakesTheCanonicalEncoding() throws Exception {
    byte[] tx =
        Transaction.runtime(
                Accounts.dev("bob").sign(DevChain.CHAIN_ID, 0, "transfer alice 1 #rpc2"))
            .encode();
    String hash =
        result("forkless_submitTransaction", "{\"tx\":\"" + hex(tx) + "\"}").get("hash").asText();
    assertThat(hash)
        .isEqualTo(HashCode.fromBytes(Transaction.decode(tx).hash().asBytes()).toString());
    assertThat(tx(hash).get("status").asText()).isIn("pending", "included");

    assertThat(error("forkless_submitTransaction", "{\"tx\":\"0900\"}").get("message").asText())
        .contains("unknown transaction kind");
    assertThat(error("forkless_submitTransaction", "{\"tx\":\"xyz\"}").get("code").asInt())
        .isEqualTo(-32602);
  }

  @Test
  void unsignedOrForgedRuntimeTransactionsAreRefusedBeforeTheMempool() throws Exception {
    JsonNode unsigned =
        error("forkless_submitRuntimeTransaction", "{\"text\":\"transfer alice mallory 5\"}");
    assertThat(unsigned.get("code").asInt()).isEqualTo(-32000);
    assertThat(unsigned.get("message").asText())
        .startsWith("invalid transaction: malformed transaction");
    byte[] call = "transfer mallory 999".getBytes(StandardCharsets.US_ASCII);
    byte[] forged =
        Accounts.envelope(
            DevChain.CHAIN_ID,
            Accounts.dev("charlie").publicKey(),
            0,
            Accounts.signature(
                Accounts.dev("mallory"), Accounts.signedMessage(DevChain.CHAIN_ID, 0, call)),
            call);
    JsonNode e =
        error(
            "forkless_submitTransaction",
            "{\"tx\":\"" + hex(Transaction.runtime(forged).encode()) + "\"}");
    assertThat(e.get("message").asText()).startsWith("invalid transaction: bad signature");
  }

  @Test
  void queryAsksTheActiveRuntime() throws Exception {
    JsonNode q = result("forkless_query", "{\"query\":\"account dave\"}");
    assertThat(q.get("runtimeVersion").asText()).isEqualTo("1.0.0");
    assertThat(JSON.readTree(q.get("text").asText()).get("account").asText())
        .isEqualTo(Accounts.dev("dave").hex());
    JsonNode refused = error("forkless_query", "{\"query\":\"account nobody\"}");
    assertThat(refused.get("code").asInt()).isEqualTo(-32602);
    assertThat(refused.get("message").asText())
        .isEqualTo(
            "runtime 1.0.0 refused the query: 'nobody' is neither a genesis name nor a 64-hex"
                + " public key");
    assertThat(
            result("forkless_pendingNonce", "{\"sender\":\"" + "00".repeat(32) + "\"}")
                .get("next")
                .isNull())
        .isTrue();
  }

  @Test
  void onlyJsonBodiesWithinTheLimitsAreAccepted() throws Exception {
    HttpResponse<String> form =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + "/rpc"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(form.body()).get("error").get("message").asText())
        .contains("Content-Type must be application/json");

    HttpResponse<String> big =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + "/rpc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(" ".repeat((1 << 20) + 1)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(big.body()).get("error").get("message").asText())
        .contains("exceeds the limit of 1048576 bytes (rpc.max_request_bytes)");

    String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"forkless_status\"}";
    JsonNode tooMany = post("[" + String.join(",", java.util.Collections.nCopies(101, call)) + "]");
    assertThat(tooMany.get("error").get("message").asText())
        .contains("a batch of 101 calls exceeds the limit of 100");
  }

  @Test
  void aBatchStopsAtTheCallWhoseResponseWouldPassTheLimit() throws Exception {
    try (RpcServer small =
        RpcServer.start(
            new RpcAddress("127.0.0.1", 0),
            new RpcLimits(100, 1024, 2048, RpcLimits.Exposure.LOOPBACK_ONLY),
            new RpcMethods(node.host(), NodeSettings.Mode.DEV),
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
            routes -> {})) {
      String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"forkless_status\"}";
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://" + small.address() + "/rpc"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "[" + call + "," + call + "," + call + "]"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.body().length()).isLessThanOrEqualTo(2048 + 3 * 200);
      JsonNode batch = JSON.readTree(r.body());
      assertThat(batch).hasSize(3);
      assertThat(batch.get(0).has("result")).isTrue();
      assertThat(batch.get(2).get("error").get("message").asText())
          .contains("not executed: the batch's response would exceed 2048 bytes");
    }
  }

  @Test
  void aNonLoopbackAddressNeedsTheExplicitFlag() {
    assertThatThrownBy(
            () ->
                RpcServer.start(
                    new RpcAddress("0.0.0.0", 0),
                    RpcLimits.defaults(),
                    new RpcMethods(node.host(), NodeSettings.Mode.DEV),
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                    routes -> {}))
        .hasMessageContaining("refusing to listen on 0.0.0.0:0")
        .hasMessageContaining("--rpc-external");
  }

  @Test
  void governanceTransactionsMakeProposalsVisible() throws Exception {
    var propose =
        new GovernanceAction.ProposeUpgrade(
            "alice",
            "1.1.0",
            "minor",
            RuntimeVersion.of(1, 1, 0),
            HashCode.fromBytes(new byte[32]),
            Optional.empty(),
            5,
            42);
    SignedGovernanceTx signed =
        SignedGovernanceTx.sign(
            DevChain.CHAIN_ID,
            propose,
            nonceOf("alice"),
            ImmutableList.of(
                new SignedGovernanceTx.NamedKey("alice", DevChain.devKey("alice").getPrivate())));
    String hash =
        result(
                "forkless_submitTransaction",
                "{\"tx\":\"" + hex(Transaction.host(signed.encode()).encode()) + "\"}")
            .get("hash")
            .asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tx(hash).get("status").asText().equals("included"));
    assertThat(tx(hash).get("success").asBoolean()).as("%s", tx(hash)).isTrue();

    JsonNode all = result("forkless_proposals", "{}").get("proposals");
    assertThat(all).hasSize(1);
    JsonNode p = result("forkless_proposal", "{\"id\":" + all.get(0).get("id").asLong() + "}");
    assertThat(p.get("version").asText()).isEqualTo("1.1.0");
    assertThat(p.get("state").asText()).isEqualTo("PROPOSED");
    assertThat(p.get("proposer").asText()).isEqualTo("alice");
    assertThat(p.get("activationHeight").isNull()).isTrue();
    assertThat(p.get("totalStake").asLong()).isEqualTo(100);
    assertThat(p.get("migrations")).isEmpty();
    assertThat(result("forkless_status", "{}").get("pendingUpgrade").get("id").asLong())
        .isEqualTo(p.get("id").asLong());
    assertThat(error("forkless_proposal", "{\"id\":99}").get("code").asInt()).isEqualTo(-32001);
  }

  @Test
  void rollbackIsRefusedWhenNoUpgradeExecuted() throws Exception {
    var rollback = new GovernanceAction.Emergency(GovernanceAction.EmergencyKind.ROLLBACK, 1, 0);
    SignedGovernanceTx signed =
        SignedGovernanceTx.sign(
            DevChain.CHAIN_ID,
            rollback,
            nonceOf("alice"),
            ImmutableList.of(
                new SignedGovernanceTx.NamedKey("alice", DevChain.devKey("alice").getPrivate()),
                new SignedGovernanceTx.NamedKey("bob", DevChain.devKey("bob").getPrivate())));
    JsonNode e = error("forkless_rollback", "{\"tx\":\"" + hex(signed.encode()) + "\"}");
    assertThat(e.get("code").asInt()).isEqualTo(-32000);
    // "does not exist" or "cannot be rolled back", depending on the other tests
    assertThat(e.get("message").asText()).matches("(proposal|upgrade) 1 .*");
    assertThat(error("forkless_rollback", "{\"tx\":\"00\"}").get("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void blocksAndTransactionsThatDoNotExistAreNotFound() throws Exception {
    assertThat(result("forkless_block", "{\"height\":0}").get("parentHash").asText())
        .isEqualTo("0".repeat(64));
    assertThat(error("forkless_block", "{\"height\":999999}").get("code").asInt())
        .isEqualTo(-32001);
    assertThat(error("forkless_block", "{\"height\":-1}").get("message").asText())
        .contains("params.height");
    assertThat(
            error("forkless_transaction", "{\"hash\":\"" + "ab".repeat(32) + "\"}")
                .get("code")
                .asInt())
        .isEqualTo(-32001);
    assertThat(error("forkless_transaction", "{\"hash\":\"nope\"}").get("code").asInt())
        .isEqualTo(-32602);
  }

  @Test
  void protocolErrorsCarryTheirCodes() throws Exception {
    assertThat(post("not json").get("error").get("code").asInt()).isEqualTo(-32700);
    assertThat(post("{\"method\":\"forkless_status\",\"id\":1}").get("error").get("code").asInt())
        .isEqualTo(-32600);
    assertThat(error("forkless_nope", "{}").get("code").asInt()).isEqualTo(-32601);
    JsonNode batch =
        post(
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"forkless_status\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"forkless_proposals\"}]");
    assertThat(batch).hasSize(2);
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");
    assertThat(get("/metrics").body())
        .contains(
            "forkless_chain_height",
            "forkless_block_time_seconds",
            "forkless_mempool_size",
            "forkless_runtime_version_major",
            "forkless_snapshots");
  }

  private static JsonNode tx(String hash) throws Exception {
    return result("forkless_transaction", "{\"hash\":\"" + hash + "\"}");
  }

  private static JsonNode result(String method, String params) throws Exception {
    JsonNode r = call(method, params);
    assertThat(r.has("error")).as("%s", r).isFalse();
    assertThat(r.get("id").asInt()).isEqualTo(7);
    return r.get("result");
  }

  private static JsonNode error(String method, String params) throws Exception {
    JsonNode r = call(method, params);
    assertThat(r.has("error")).as("%s", r).isTrue();
    return r.get("error");
  }

  private static JsonNode call(String method, String params) throws Exception {
    return post(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}");
  }

  private static JsonNode post(String body) throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + "/rpc"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The validator's next governance nonce, from the status. */
  private static long nonceOf(String validator) throws Exception {
    for (JsonNode v : result("forkless_status", "{}").get("validators")) {
      if (v.get("name").asText().equals(validator)) {
        return v.get("nonce").asLong();
      }
    }
    throw new AssertionError("no validator " + validator);
  }

  /** {"tx": HEX} of a runtime transaction signed by the dev account {@code name}. */
  private static String signed(String name, long nonce, String call) {
    return "{\"tx\":\""
        + hex(Transaction.runtime(Accounts.dev(name).sign(DevChain.CHAIN_ID, nonce, call)).encode())
        + "\"}";
  }

  private static String hex(byte[] b) {
    return HashCode.fromBytes(b).toString();
  }
}
