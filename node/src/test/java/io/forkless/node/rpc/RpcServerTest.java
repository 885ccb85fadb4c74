package io.forkless.node.rpc;

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
    String hash =
        result("forkless_submitRuntimeTransaction", "{\"text\":\"transfer alice bob 5 #rpc1\"}")
            .get("hash")
            .asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tx(hash).get("status").asText().equals("included"));
    JsonNode t = tx(hash);
    assertThat(t.get("success").asBoolean()).isTrue();
    JsonNode block = result("forkless_block", "{\"height\":" + t.get("height").asLong() + "}");
    assertThat(block.get("transactions").findValuesAsText("hash")).contains(hash);
    assertThat(block.get("transactions").get(0).get("kind").asText()).isEqualTo("runtime");
    assertThat(block.get("receipts").get(0).get("success").asBoolean()).isTrue();

    JsonNode duplicate =
        error("forkless_submitRuntimeTransaction", "{\"text\":\"transfer alice bob 5 #rpc1\"}");
    assertThat(duplicate.get("code").asInt()).isEqualTo(-32000);
    assertThat(duplicate.get("message").asText()).contains("already");
  }

  @Test
  void submitTransactionTakesTheCanonicalEncoding() throws Exception {
    byte[] tx =
        Transaction.runtime("transfer bob alice 1 #rpc2".getBytes(StandardCharsets.US_ASCII))
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

  private static String hex(byte[] b) {
    return HashCode.fromBytes(b).toString();
  }
}
