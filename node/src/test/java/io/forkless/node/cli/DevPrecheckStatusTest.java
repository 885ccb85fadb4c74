package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the dev chain a lone {@code --dev} node attests for all four dev validators by itself (the
 * quick start needs no step), {@code status} shows the attested stake, and {@code forkless attest}
 * for a dev validator then says its verdict is already on chain.
 */
class DevPrecheckStatusTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void aDevNodeAttestsForEveryDevValidatorAndStatusShowsTheStake() throws Exception {
    try (Node node =
        Node.start(
            NodeSettings.resolve(
                new NodeSettings.Options(
                    NodeSettings.Mode.DEV,
                    Optional.of(tmp.resolve("data")),
                    Optional.empty(),
                    Optional.of(new RpcAddress("127.0.0.1", 0)),
                    OptionalLong.of(200),
                    Optional.empty()),
                NodeConfig.empty()))) {
      HashCode v110 =
          Hashing.sha256().hashBytes(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_1_0)));
      var propose =
          new GovernanceAction.ProposeUpgrade(
              "alice", "1.1.0", "", RuntimeVersion.of(1, 1, 0), v110, Optional.empty(), 5, 0);
      node.host()
          .submit(
              Transaction.host(
                  SignedGovernanceTx.sign(
                          DevChain.CHAIN_ID,
                          propose,
                          0,
                          List.of(
                              new SignedGovernanceTx.NamedKey(
                                  "alice", DevChain.devKey("alice").getPrivate())))
                      .encode()));
      await().atMost(WAIT).until(() -> node.host().openProposal().isPresent());
      long id = node.host().openProposal().orElseThrow().id();
      String rpc = "http://" + node.rpcAddress();

      await()
          .atMost(WAIT)
          .until(
              () ->
                  Cli.run("status", "--rpc", rpc)
                      .out()
                      .contains("attested by 100 of 100 stake (activation needs 0.667)"));

      String bobSeed =
          Hashing.sha256()
              .hashString("forkless-dev-validator:bob", StandardCharsets.UTF_8)
              .toString();
      Path bobKey = Files.writeString(tmp.resolve("bob.key"), bobSeed);
      Cli again = Cli.run("attest", "--key", bobKey.toString(), "--rpc", rpc);
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err())
          .contains("bob already filed its verdict on proposal " + id)
          .contains("verdicts are final");
    }
  }
}
