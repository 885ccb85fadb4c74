package io.forkless.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node lacking the JAR of an approved upgrade stops at the activation height: /health answers 503
 * with the alert, status shows it, and production resumes once the JAR is put back.
 */
class HaltedNodeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  /**
   * Before code on chain (#14) this node halted alone at the activation height. Now the missing
   * code is a fact every node sees on chain: nobody can attest it, so the activation is postponed
   * (the node keeps producing, /health stays ok); once the JAR is dropped into the plugins folder
   * the node uploads and attests it, and the upgrade activates at the postponed height.
   */
  @Test
  void withoutTheApprovedJarTheUpgradeIsPostponedNotHaltedAndActivatesOnceTheJarIsDroppedIn()
      throws Exception {
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
                    OptionalLong.of(200),
                    Optional.empty()),
                NodeConfig.empty()))) {
      var propose =
          new GovernanceAction.ProposeUpgrade(
              "alice", "1.1.0", "", RuntimeVersion.of(1, 1, 0), v110, Optional.empty(), 5, 1);
      node.host().submit(Transaction.host(sign(propose, "alice").encode()));
      await().atMost(Duration.ofSeconds(30)).until(() -> node.host().openProposal().isPresent());
      long id = node.host().openProposal().orElseThrow().id();
      node.host()
          .submit(
              Transaction.host(
                  sign(new GovernanceAction.VoteUpgrade(id, "alice", true), "alice").encode()));
      node.host()
          .submit(
              Transaction.host(
                  sign(new GovernanceAction.VoteUpgrade(id, "bob", true), "bob").encode()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  node.host()
                      .openProposal()
                      .flatMap(p -> p.activationHeight().stream().boxed().findFirst())
                      .isPresent());
      long scheduled = node.host().openProposal().orElseThrow().activationHeight().getAsLong();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  node.host().openProposal().map(p -> p.activationHeight().getAsLong()).orElse(0L)
                      > scheduled);
      assertThat(get(node, "/health").statusCode()).isEqualTo(200);
      assertThat(node.host().producer().haltedReason()).isEmpty();
      assertThat(node.host().chain().activeRuntime().version())
          .isEqualTo(RuntimeVersion.of(1, 0, 0));

      Files.copy(
          SampleJars.jar(SampleJars.RUNTIME_1_1_0), plugins.resolve(SampleJars.RUNTIME_1_1_0));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  node.host().chain().activeRuntime().version().equals(RuntimeVersion.of(1, 1, 0)));
      assertThat(get(node, "/health").statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(Node node, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Each validator's next governance nonce: every transaction signed here is applied. */
  private static final java.util.Map<String, Long> NONCES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static SignedGovernanceTx sign(GovernanceAction action, String... validators) {
    ImmutableList.Builder<SignedGovernanceTx.NamedKey> keys = ImmutableList.builder();
    for (String v : validators) {
      keys.add(new SignedGovernanceTx.NamedKey(v, DevChain.devKey(v).getPrivate()));
    }
    long nonce = NONCES.merge(validators[0], 1L, Long::sum) - 1;
    return SignedGovernanceTx.sign(DevChain.CHAIN_ID, action, nonce, keys.build());
  }
}
