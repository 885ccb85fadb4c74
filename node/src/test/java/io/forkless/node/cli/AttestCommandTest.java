package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.node.server.ConfiguredChain;
import io.forkless.node.server.Node;
import io.forkless.testing.jar.TestJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forkless attest}: a validator whose key is not on the node files its verdict on the open
 * proposal's code, as the node checked it, against a real configured (non-dev) node in-process.
 */
class AttestCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private ConfiguredChain chain;
  private ConfiguredChain.Member v1;

  @BeforeEach
  void chain() {
    chain = new ConfiguredChain(tmp);
    v1 = chain.validator("v1", 1);
  }

  /** A node of chain v1 (stake 1) that holds no validator key; {@code plugins} JARs offered. */
  private Node start(TestJar... plugins) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("plugins"));
    TestJar genesis = chain.resigned(SampleJars.RUNTIME_1_0_0);
    genesis.writeTo(folder.resolve(SampleJars.RUNTIME_1_0_0));
    for (int i = 0; i < plugins.length; i++) {
      plugins[i].writeTo(folder.resolve("upgrade-" + i + ".jar"));
    }
    Path config = chain.config(genesis.sha256Hex(), "", "");
    return Node.start(ConfiguredChain.settings(config, tmp.resolve("data"), folder));
  }

  private long propose(Node node, HashCode code) {
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
                            code,
                            Optional.empty(),
                            5,
                            1),
                        v1)
                    .encode()));
    await().atMost(WAIT).until(() -> node.host().openProposal().isPresent());
    return node.host().openProposal().orElseThrow().id();
  }

  private void vote(Node node, long id) {
    node.host()
        .submit(
            Transaction.host(
                chain.sign(new GovernanceAction.VoteUpgrade(id, "v1", true), v1).encode()));
  }

  private static void awaitComplete(Node node, HashCode code) {
    await()
        .atMost(WAIT)
        .until(() -> node.host().codeStore().status(node.host().chain().state(), code).complete());
  }

  private static String rpc(Node node) {
    return "http://" + node.rpcAddress();
  }

  @Test
  void refusesClearlyWithoutAnOpenProposalForAnotherOneAndWhileTheCodeIsIncomplete()
      throws Exception {
    TestJar absent = chain.resigned(SampleJars.RUNTIME_1_1_0);
    try (Node node = start()) {
      Cli none = Cli.run("attest", "--key", v1.keyFile().toString(), "--rpc", rpc(node));
      assertThat(none.exitCode()).isEqualTo(1);
      assertThat(none.err()).contains("no open proposal");

      // Nobody has this JAR: the proposal names it, nothing uploads it.
      HashCode code = HashCode.fromString(absent.sha256Hex());
      long id = propose(node, code);

      Cli incomplete = Cli.run("attest", "--key", v1.keyFile().toString(), "--rpc", rpc(node));
      assertThat(incomplete.exitCode()).isEqualTo(1);
      assertThat(incomplete.err())
          .contains("code " + code + " of proposal " + id + " is not complete on chain (0 bytes");

      Cli other =
          Cli.run(
              "attest",
              "--proposal",
              String.valueOf(id + 5),
              "--key",
              v1.keyFile().toString(),
              "--rpc",
              rpc(node));
      assertThat(other.exitCode()).isEqualTo(1);
      assertThat(other.err())
          .contains("proposal " + (id + 5) + " is not open (the open proposal is " + id + ")");

      String wrongHash = "ab".repeat(32);
      Cli hash = Cli.run("attest", wrongHash, "--key", v1.keyFile().toString(), "--rpc", rpc(node));
      assertThat(hash.exitCode()).isEqualTo(1);
      assertThat(hash.err()).contains("code " + wrongHash + " is not the open proposal's runtime");

      Cli both =
          Cli.run(
              "attest",
              code.toString(),
              "--proposal",
              String.valueOf(id),
              "--key",
              v1.keyFile().toString(),
              "--rpc",
              rpc(node));
      assertThat(both.err()).contains("not both");

      Files.writeString(tmp.resolve("bad.key"), "not hex");
      Cli badKey =
          Cli.run("attest", "--key", tmp.resolve("bad.key").toString(), "--rpc", rpc(node));
      assertThat(badKey.exitCode()).isEqualTo(1);
      assertThat(badKey.err()).contains("--key").contains("must hold a hex Ed25519 seed");
      assertThat(node.host().codeStore().status(node.host().chain().state(), code).received())
          .isZero();
    }
  }

  @Test
  void aValidatorAttestsWithItsKeyFileOnceAndTheUpgradeActivates() throws Exception {
    TestJar next = chain.resigned(SampleJars.RUNTIME_1_1_0);
    try (Node node = start(next)) {
      HashCode code = HashCode.fromString(next.sha256Hex());
      long id = propose(node, code);
      awaitComplete(node, code);

      Path stranger = Files.writeString(tmp.resolve("stranger.key"), "07".repeat(32));
      Cli wrong = Cli.run("attest", "--key", stranger.toString(), "--rpc", rpc(node));
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(wrong.err())
          .contains("is not a validator's on chain configured-chain (validators [v1])");

      Cli before = Cli.run("status", "--rpc", rpc(node));
      assertThat(before.out()).contains("attested by 0 of 1 stake (activation needs");

      Cli attest =
          Cli.run(
              "attest",
              "--proposal",
              String.valueOf(id),
              "--key",
              v1.keyFile().toString(),
              "--rpc",
              rpc(node));
      assertThat(attest.exitCode()).as(attest.err()).isZero();
      assertThat(attest.out())
          .contains("proposal " + id + " (1.1.0, code " + code + "): the node's pre-check")
          .contains("PASSED")
          .containsPattern("attestation signed by v1 submitted: tx [0-9a-f]{64}")
          .contains("included at height")
          .contains("verified by v1");

      Cli after = Cli.run("status", "--rpc", rpc(node));
      assertThat(after.out()).contains("attested by 1 of 1 stake (activation needs");

      Cli again =
          Cli.run("attest", code.toString(), "--key", v1.keyFile().toString(), "--rpc", rpc(node));
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err())
          .contains("v1 already filed its verdict on proposal " + id + " at height")
          .contains("(attested); verdicts are final");

      vote(node, id);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  node.host().chain().activeRuntime().version().equals(RuntimeVersion.of(1, 1, 0)));
    }
  }

  @Test
  void whenTheNodesCheckFailsTheValidatorFilesARefusalAndTheUpgradeFailsOnChain() throws Exception {
    // Signed by the dev signer, whom this chain's trust store does not trust.
    TestJar devSigned = TestJar.of(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_1_0)));
    try (Node node = start(devSigned)) {
      HashCode code = Hashing.sha256().hashBytes(devSigned.bytes());
      long id = propose(node, code);
      awaitComplete(node, code);

      Cli refuse = Cli.run("attest", "--key", v1.keyFile().toString(), "--rpc", rpc(node));
      assertThat(refuse.exitCode()).as(refuse.err()).isZero();
      assertThat(refuse.out())
          .contains("FAILED: ")
          .containsPattern("refusal signed by v1 submitted: tx [0-9a-f]{64}")
          .contains("code refused by v1 for proposal " + id);
      assertThat(Cli.run("status", "--rpc", rpc(node)).out()).containsPattern("refusal +v1: ");

      vote(node, id);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  node.host()
                      .governance()
                      .proposal(node.host().chain().state(), id)
                      .orElseThrow()
                      .status()
                      .equals(ProposalStatus.FAILED));
      assertThat(
              node.host()
                  .governance()
                  .proposal(node.host().chain().state(), id)
                  .orElseThrow()
                  .reason())
          .contains("refused by 1")
          .contains("v1 (1): ");
      assertThat(node.host().producer().haltedReason()).isEmpty();
    }
  }
}
