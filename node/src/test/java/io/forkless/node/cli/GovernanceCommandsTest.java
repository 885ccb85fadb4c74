package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceCommandsTest {

  private final FakeNode node;

  GovernanceCommandsTest() throws IOException {
    node = new FakeNode();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /** The governance transaction of the one host transaction submitted. */
  private SignedGovernanceTx submitted() {
    List<JsonNode> submits = node.requests("forkless_submitTransaction");
    assertThat(submits).hasSize(1);
    return decode(submits.get(0).path("params").path("tx").asText());
  }

  private static SignedGovernanceTx decode(String hex) {
    Transaction tx = Transaction.decode(HexFormat.of().parseHex(hex));
    assertThat(tx.kind()).isEqualTo(Transaction.Kind.HOST);
    return SignedGovernanceTx.decode(tx.payload());
  }

  /** Asserts every signature verifies against the dev validator's public key. */
  private static void assertSignedByDevKeys(SignedGovernanceTx tx, String... names) {
    assertThat(tx.signatures())
        .extracting(SignedGovernanceTx.Signature::validator)
        .containsExactly(names);
    byte[] message = SignedGovernanceTx.signingMessage(DevChain.CHAIN_ID, tx.nonce(), tx.action());
    for (SignedGovernanceTx.Signature s : tx.signatures()) {
      assertThat(Ed25519.verify(DevChain.devKey(s.validator()).getPublic(), message, s.bytes()))
          .as("signature of " + s.validator())
          .isTrue();
    }
  }

  @Test
  void voteSignsWithTheNamedDevKeyAndPrintsTheReceipt() {
    node.includesEverything(true, "vote counted on proposal 7: yes 30, no 0 of 100");

    Cli cli = Cli.run("vote", "7", "--yes", "--key", "bob", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out().strip())
        .isEqualTo(
            "bob's vote, signed by bob's key only: vote counted on proposal 7: yes 30, no 0 of 100");
    SignedGovernanceTx tx = submitted();
    assertThat(tx.action()).isEqualTo(new GovernanceAction.VoteUpgrade(7, "bob", true));
    assertSignedByDevKeys(tx, "bob");
    assertThat(node.requests("forkless_transaction").get(0).path("params").path("hash").asText())
        .isEqualTo("11".repeat(32));
  }

  @Test
  void aNoVoteIsANo() {
    node.includesEverything(true, "vote counted");

    Cli.run("vote", "7", "--no", "--key", "dave", "--rpc", node.url());

    assertThat(submitted().action()).isEqualTo(new GovernanceAction.VoteUpgrade(7, "dave", false));
  }

  @Test
  void oneVoteIsSignedByOneKey() {
    Cli cli = Cli.run("vote", "7", "--yes", "--key", "alice", "--key", "bob", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "error: one vote is signed by one key: pass --key once, for the validator who votes"
                + " (got [alice, bob]); every other validator votes with its own key in its own"
                + " 'forkless vote'");
    assertThat(node.requests("forkless_submitTransaction")).isEmpty();
    assertThat(Cli.run("vote", "--help").out()).contains("One vote is signed by one key");
  }

  @Test
  void voteNeedsExactlyOneOfYesAndNo() {
    Cli cli = Cli.run("vote", "7", "--yes", "--no", "--key", "bob", "--rpc", node.url());

    assertThat(cli.exitCode()).isNotZero();
    assertThat(node.requests("forkless_submitTransaction")).isEmpty();
  }

  @Test
  void aFailedReceiptFailsTheCommandWithItsMessage() {
    node.includesEverything(false, "proposal 7 is not open (EXECUTED)");

    Cli cli = Cli.run("vote", "7", "--yes", "--key", "bob", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "error: yes vote on proposal 7 by bob failed at height 43: proposal 7 is not open"
                + " (EXECUTED)");
  }

  @Test
  void devKeysAreRefusedForANodeNotInDevMode() {
    node.status(FakeNode.DEV_STATUS.replace("\"dev\":true", "\"dev\":false"));
    node.includesEverything(true, "vote counted");

    Cli cli = Cli.run("vote", "7", "--yes", "--key", "bob", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("not a --dev node, so dev keys are refused");
    assertThat(node.requests("forkless_submitTransaction")).isEmpty();
  }

  @Test
  void aKeyFileSignsWithItsSeed(@TempDir Path dir) throws IOException {
    node.status(FakeNode.DEV_STATUS.replace("\"dev\":true", "\"dev\":false"));
    node.includesEverything(true, "vote counted");
    byte[] seed = new byte[32];
    seed[0] = 7;
    Path file = Files.writeString(dir.resolve("erin.seed"), HexFormat.of().formatHex(seed) + "\n");

    Cli cli =
        Cli.run(
            "vote",
            "7",
            "--yes",
            "--key",
            "erin",
            "--key-file",
            file.toString(),
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    SignedGovernanceTx tx = submitted();
    byte[] message = SignedGovernanceTx.signingMessage(DevChain.CHAIN_ID, tx.nonce(), tx.action());
    assertThat(
            Ed25519.verify(
                Ed25519.fromSeed(seed).getPublic(), message, tx.signatures().get(0).bytes()))
        .isTrue();
  }

  @Test
  void cancelIsSignedTogetherAndCarriesTheEmergencyNonce() {
    node.includesEverything(true, "emergency CANCEL of proposal 4 done");

    Cli cli =
        Cli.run(
            "cancel",
            "4",
            "--key",
            "alice",
            "--key",
            "bob",
            "--key",
            "charlie",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out().strip()).isEqualTo("emergency CANCEL of proposal 4 done");
    SignedGovernanceTx tx = submitted();
    assertThat(tx.action()).isEqualTo(new GovernanceAction.Emergency(EmergencyKind.CANCEL, 4, 3));
    assertSignedByDevKeys(tx, "alice", "bob", "charlie");
  }

  @Test
  void pauseAndResumeTargetNoProposal() {
    node.includesEverything(true, "emergency PAUSE done");

    Cli.run("pause", "--key", "alice", "--key", "bob", "--rpc", node.url());

    assertThat(submitted().action())
        .isEqualTo(new GovernanceAction.Emergency(EmergencyKind.PAUSE, 0, 3));
  }

  @Test
  void resumeIsAResume() {
    node.includesEverything(true, "emergency RESUME done");

    Cli cli = Cli.run("resume", "--key", "alice", "--key", "bob", "--json", "--rpc", node.url());

    assertThat(submitted().action())
        .isEqualTo(new GovernanceAction.Emergency(EmergencyKind.RESUME, 0, 3));
    assertThat(FakeNode.parse(cli.out()).path("success").asBoolean()).isTrue();
  }

  @Test
  void rollbackGoesThroughForklessRollback() {
    node.includesEverything(true, "emergency ROLLBACK of proposal 1 done: state set to that");
    node.answer(
        "forkless_rollback",
        "{\"proposal\":1,\"hash\":\"" + "33".repeat(32) + "\",\"restoredHeight\":14}");

    Cli cli = Cli.run("rollback", "1", "--key", "alice", "--key", "bob", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out().strip())
        .isEqualTo(
            "rolled back proposal 1 at height 43: emergency ROLLBACK of proposal 1 done: state set"
                + " to that");
    assertThat(node.requests("forkless_transaction").get(0).path("params").path("hash").asText())
        .as("waits for the rollback's own transaction")
        .isEqualTo("33".repeat(32));
    List<JsonNode> calls = node.requests("forkless_rollback");
    assertThat(calls).hasSize(1);
    SignedGovernanceTx tx =
        SignedGovernanceTx.decode(
            HexFormat.of().parseHex(calls.get(0).path("params").path("tx").asText()));
    assertThat(tx.action()).isEqualTo(new GovernanceAction.Emergency(EmergencyKind.ROLLBACK, 1, 3));
    assertSignedByDevKeys(tx, "alice", "bob");
    assertThat(node.requests("forkless_submitTransaction")).isEmpty();
  }

  @Test
  void aRefusedRollbackReportsTheNodesReason() {
    node.answer(
        "forkless_rollback",
        p -> {
          throw new FakeNode.RpcError(-32000, "nothing to roll back");
        });

    Cli cli = Cli.run("rollback", "1", "--key", "alice", "--key", "bob", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("error: forkless_rollback failed: nothing to roll back (code -32000)");
  }
}
