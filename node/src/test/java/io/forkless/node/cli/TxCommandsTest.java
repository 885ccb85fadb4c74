package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TxCommandsTest {

  private final FakeNode node;

  TxCommandsTest() throws IOException {
    node = new FakeNode();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private List<String> submittedTexts() {
    return node.requests("forkless_submitRuntimeTransaction").stream()
        .map(r -> r.path("params").path("text").asText())
        .toList();
  }

  @Test
  void transferSubmitsATaggedTransferAndPrintsItsReceipt() {
    node.includesEverything(true, "");

    Cli cli = Cli.run("tx", "transfer", "alice", "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(submittedTexts())
        .singleElement()
        .asString()
        .matches("transfer alice bob 5 #[0-9a-f]+");
    assertThat(cli.out().strip())
        .isEqualTo("transaction " + "22".repeat(32) + " included at height 43: ok");
  }

  @Test
  void aMemoMakesItATransferMemo() {
    node.includesEverything(true, "memo: for lunch");

    Cli cli =
        Cli.run("tx", "transfer", "alice", "bob", "5", "--memo", "for lunch", "--rpc", node.url());

    assertThat(submittedTexts())
        .singleElement()
        .asString()
        .matches("transfer_memo alice bob 5 for lunch #[0-9a-f]+");
    assertThat(cli.out()).contains("ok (memo: for lunch)");
  }

  @Test
  void aRejectedTransferExitsNonZeroWithTheRuntimesReason() {
    node.includesEverything(false, "insufficient funds: alice has 3");

    Cli cli = Cli.run("tx", "transfer", "alice", "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("error: the transfer failed at height 43: insufficient funds: alice has 3");
  }

  @Test
  void aRefusedSubmissionExitsNonZero() {
    node.answer(
        "forkless_submitRuntimeTransaction",
        p -> {
          throw new FakeNode.RpcError(-32000, "mempool full");
        });

    Cli cli = Cli.run("tx", "transfer", "alice", "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("mempool full (code -32000)");
  }

  @Test
  void loadSubmitsUniqueTransfersAndWaitsUntilAllAreIncluded() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    node.includesEverything(true, "");
    node.answer(
        "forkless_submitRuntimeTransaction",
        p -> FakeNode.parse("{\"hash\":\"" + String.format("%064x", n.incrementAndGet()) + "\"}"));

    Cli cli =
        Cli.run(
            "tx",
            "load",
            "--rate",
            "40",
            "--duration",
            "1",
            "--accounts",
            "alice,bob,charlie",
            "--json",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    List<String> texts = submittedTexts();
    assertThat(texts).hasSize(40).doesNotHaveDuplicates();
    assertThat(texts)
        .allMatch(
            t ->
                t.matches(
                    "transfer (alice|bob|charlie) (alice|bob|charlie) 1 #load-[0-9a-f]+-\\d+"));
    JsonNode report = FakeNode.parse(cli.out());
    assertThat(report.path("submitted").asInt()).isEqualTo(40);
    assertThat(report.path("included").asInt()).isEqualTo(40);
    assertThat(report.path("succeeded").asInt()).isEqualTo(40);
    assertThat(report.path("failed").asInt()).isZero();
    assertThat(report.path("throughput").asDouble()).isPositive();
    assertThat(node.requests("forkless_transaction")).hasSize(40);
  }

  @Test
  void loadCountsFailuresAndRefusals() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    node.includesEverything(false, "insufficient funds");
    node.answer(
        "forkless_submitRuntimeTransaction",
        p -> {
          int i = n.incrementAndGet();
          if (i % 2 == 0) {
            throw new FakeNode.RpcError(-32000, "mempool full");
          }
          return FakeNode.parse("{\"hash\":\"" + String.format("%064x", i) + "\"}");
        });

    Cli cli = Cli.run("tx", "load", "--rate", "10", "--duration", "1", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("submitted 10 (refused by the node: 5), included 5, succeeded 0, failed 5");
  }
}
