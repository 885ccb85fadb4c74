package io.forkless.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.testing.jar.TestJar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 on a configured (non-dev) chain: the pre-check is required by default, a node with
 * {@code [validator] key_file} attests with that key by itself, and a validator whose trust store
 * refuses the signer files a refusal, so the upgrade is postponed, then fails on chain with the
 * refusal listed, while the node keeps producing blocks.
 */
class ConfiguredPrecheckNodeTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  @Test
  void aValidatorNodeWithItsKeyFileAttestsByItselfAndTheUpgradeActivates() throws Exception {
    ConfiguredChain chain = new ConfiguredChain(tmp);
    ConfiguredChain.Member v1 = chain.validator("v1", 1);
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    TestJar genesis = chain.resigned(SampleJars.RUNTIME_1_0_0);
    genesis.writeTo(plugins.resolve(SampleJars.RUNTIME_1_0_0));
    TestJar next = chain.resigned(SampleJars.RUNTIME_1_1_0);
    next.writeTo(plugins.resolve(SampleJars.RUNTIME_1_1_0));
    Path config = chain.config(genesis.sha256Hex(), "", "[validator]\nkey_file = \"v1.key\"\n");
    NodeSettings settings = ConfiguredChain.settings(config, tmp.resolve("data"), plugins);
    assertThat(settings.mode()).isEqualTo(NodeSettings.Mode.CONFIGURED);
    assertThat(settings.code().precheckRequired()).as("required by default").isTrue();

    try (Node node = Node.start(settings)) {
      assertThat(node.host().prechecker().validators()).containsExactly("v1");
      HashCode v110 = HashCode.fromString(next.sha256Hex());
      node.host()
          .submit(
              Transaction.host(
                  chain
                      .sign(
                          new GovernanceAction.ProposeUpgrade(
                              "v1",
                              "1.1.0",
                              "",
                              RuntimeVersion.of(1, 1, 0),
                              v110,
                              Optional.empty(),
                              5,
                              1),
                          v1)
                      .encode()));
      await().atMost(WAIT).until(() -> node.host().openProposal().isPresent());
      long id = node.host().openProposal().orElseThrow().id();
      node.host()
          .submit(
              Transaction.host(
                  chain.sign(new GovernanceAction.VoteUpgrade(id, "v1", true), v1).encode()));
      // The node uploads the JAR from its plugins folder, checks it and attests as v1.
      await().atMost(WAIT).until(() -> precheck(node, id).path("stake").asLong() == 1);
      JsonNode precheck = precheck(node, id);
      assertThat(precheck.path("required").asBoolean()).isTrue();
      assertThat(precheck.path("verdicts")).hasSize(1);
      assertThat(precheck.path("verdicts").get(0).path("validator").asText()).isEqualTo("v1");
      assertThat(precheck.path("verdicts").get(0).path("accepted").asBoolean()).isTrue();

      await()
          .atMost(WAIT)
          .until(
              () ->
                  node.host().chain().activeRuntime().version().equals(RuntimeVersion.of(1, 1, 0)));
      assertThat(node.host().governance().proposal(node.host().chain().state(), id))
          .map(ProposalRecord::status)
          .contains(ProposalStatus.EXECUTED);
    }
  }

  @Test
  void aValidatorWhoseTrustStoreRefusesTheSignerFilesARefusalAndTheUpgradeFailsOnChain()
      throws Exception {
    ConfiguredChain chain = new ConfiguredChain(tmp);
    chain.validator("v1", 20);
    ConfiguredChain.Member v2 = chain.validator("v2", 40);
    ConfiguredChain.Member v3 = chain.validator("v3", 40);
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    TestJar genesis = chain.resigned(SampleJars.RUNTIME_1_0_0);
    genesis.writeTo(plugins.resolve(SampleJars.RUNTIME_1_0_0));
    // Signed by the DEV signer, whom this chain's trust store does not trust.
    Path devSigned = SampleJars.jar(SampleJars.RUNTIME_1_1_0);
    Files.copy(devSigned, plugins.resolve(SampleJars.RUNTIME_1_1_0));
    HashCode v110 = Hashing.sha256().hashBytes(Files.readAllBytes(devSigned));
    Path config =
        chain.config(
            genesis.sha256Hex(),
            "precheck_postpone_blocks = 5",
            "[validator]\nkey_file = \"v1.key\"\n");

    try (Node node = Node.start(ConfiguredChain.settings(config, tmp.resolve("data"), plugins))) {
      node.host()
          .submit(
              Transaction.host(
                  chain
                      .sign(
                          new GovernanceAction.ProposeUpgrade(
                              "v2",
                              "1.1.0",
                              "",
                              RuntimeVersion.of(1, 1, 0),
                              v110,
                              Optional.empty(),
                              5,
                              1),
                          v2)
                      .encode()));
      await().atMost(WAIT).until(() -> node.host().openProposal().isPresent());
      long id = node.host().openProposal().orElseThrow().id();
      for (ConfiguredChain.Member m : java.util.List.of(v2, v3)) {
        node.host()
            .submit(
                Transaction.host(
                    chain.sign(new GovernanceAction.VoteUpgrade(id, m.name(), true), m).encode()));
      }
      await().atMost(WAIT).until(() -> precheck(node, id).path("refusedStake").asLong() == 20);
      JsonNode refusal = precheck(node, id).path("verdicts").get(0);
      assertThat(refusal.path("validator").asText()).isEqualTo("v1");
      assertThat(refusal.path("accepted").asBoolean()).isFalse();
      assertThat(refusal.path("reason").asText()).isNotBlank();

      // Short of attested stake with 80 undecided: postponed once (by 5 blocks), ...
      // ... then failed on chain, the refusal listed; the node does not halt.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  status(node, id)
                      .map(ProposalRecord::status)
                      .orElseThrow()
                      .equals(ProposalStatus.FAILED));
      ProposalRecord failed = status(node, id).orElseThrow();
      assertThat(failed.reason())
          .contains("attested by 0 of 100")
          .contains("refused by 20")
          .contains("v1 (20): " + refusal.path("reason").asText())
          .contains("still short after a postponement");
      assertThat(failed.activationHeight().getAsLong())
          .as("the postponed height")
          .isGreaterThanOrEqualTo(failed.proposedHeight() + 1 + 5 + 5);
      long failedAt = node.host().chain().head().height();
      await().atMost(WAIT).until(() -> node.host().chain().head().height() >= failedAt + 3);
      assertThat(node.host().producer().haltedReason()).isEmpty();
      assertThat(node.host().chain().activeRuntime().version())
          .isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(get(node, "/health").statusCode()).isEqualTo(200);
    }
  }

  private static Optional<ProposalRecord> status(Node node, long id) {
    return node.host().governance().proposal(node.host().chain().state(), id);
  }

  /** The pending upgrade's {@code precheck} in forkless_status (what {@code status} prints). */
  private static JsonNode precheck(Node node, long id) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"forkless_status\"}";
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + "/rpc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode pending = JSON.readTree(r.body()).path("result").path("pendingUpgrade");
    assertThat(pending.path("id").asLong()).as("%s", pending).isEqualTo(id);
    return pending.path("precheck");
  }

  private static HttpResponse<String> get(Node node, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
