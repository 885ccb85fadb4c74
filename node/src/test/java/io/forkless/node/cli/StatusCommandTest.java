package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  private final FakeNode node;

  StatusCommandTest() throws IOException {
    node = new FakeNode();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void printsHeightRuntimeRootSnapshotsAndNoPendingUpgrade() {
    Cli cli = Cli.run("status", "--rpc", node.url());

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out())
        .contains("height      42")
        .contains("runtime     1.0.0  code hash " + "cc".repeat(32))
        .contains("state root  " + "bb".repeat(32))
        .contains("paused      no")
        .contains("snapshots   1")
        .contains("upgrade     none pending");
    assertThat(node.requests("forkless_status")).hasSize(1);
  }

  @Test
  void printsTheChainsGovernanceParameters() {
    node.status(
        FakeNode.DEV_STATUS.replace(
            "\"snapshots\":1",
            "\"snapshots\":1,\"maxSnapshots\":10,\"timelockDelay\":9,\"votingPeriod\":20,"
                + "\"quorumThreshold\":\"0.334\",\"approvalThreshold\":\"0.667\""));

    Cli cli = Cli.run("status", "--rpc", node.url());

    assertThat(cli.out())
        .contains("snapshots   1 (max 10)")
        .contains(
            "governance  timelock 9 blocks, voting period 20 blocks, quorum 0.334, approval 0.667");
  }

  @Test
  void printsTheMigrationBudgetAndAGovernedChangeOfIt() {
    node.status(
        FakeNode.DEV_STATUS.replace(
            "\"snapshots\":1",
            "\"snapshots\":1,\"migrationKeysPerBlock\":5000,"
                + "\"migrationKeysPerBlockPending\":{\"activationHeight\":80,\"keysPerBlock\":20}"));

    assertThat(Cli.run("status", "--rpc", node.url()).out())
        .contains("budget      migrations 5000 keys/block, 20 from height 80 (governance)");

    node.status(
        FakeNode.DEV_STATUS.replace(
            "\"snapshots\":1",
            "\"snapshots\":1,\"migrationKeysPerBlock\":5000,\"migrationKeysPerBlockPending\":null"));
    assertThat(Cli.run("status", "--rpc", node.url()).out())
        .containsPattern("budget      migrations 5000 keys/block\\n");
  }

  @Test
  void printsThePendingUpgradeWithVotesAndActivationHeight() {
    node.status(
        FakeNode.DEV_STATUS.replace(
            "\"pendingUpgrade\":null",
            "\"pendingUpgrade\":{\"id\":1,\"version\":\"2.0.0\",\"state\":\"SCHEDULED\","
                + "\"activationHeight\":57,\"yesStake\":70,\"noStake\":10,\"totalStake\":100}"));

    Cli cli = Cli.run("status", "--rpc", node.url());

    assertThat(cli.out())
        .contains("#1 to 2.0.0 SCHEDULED: yes 70, no 10 of 100 stake; activates at height 57");
  }

  @Test
  void jsonHasTheDocumentedFields() {
    Cli cli = Cli.run("status", "--json", "--rpc", node.url());

    JsonNode json = FakeNode.parse(cli.out());
    assertThat(json.path("height").asLong()).isEqualTo(42);
    assertThat(json.path("runtimeVersion").asText()).isEqualTo("1.0.0");
    assertThat(json.path("codeHash").asText()).isEqualTo("cc".repeat(32));
    assertThat(json.path("paused").asBoolean()).isFalse();
    assertThat(json.path("snapshots").asInt()).isEqualTo(1);
    assertThat(json.has("pendingUpgrade")).isTrue();
    assertThat(json.get("pendingUpgrade").isNull()).isTrue();
  }

  @Test
  void anUnreachableNodeFailsWithOneLine() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }

    Cli cli = Cli.run("status", "--rpc", "http://127.0.0.1:" + port);

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .startsWith("error: cannot reach the node at http://127.0.0.1:" + port + "/rpc")
        .doesNotContain("\n");
  }

  @Test
  void aJsonRpcErrorIsReportedWithItsMessageAndCode() {
    node.answer(
        "forkless_status",
        p -> {
          throw new FakeNode.RpcError(-32000, "node is shutting down");
        });

    Cli cli = Cli.run("status", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("error: forkless_status failed: node is shutting down (code -32000)");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"status"},
          {"runtime", "inspect"},
          {"propose"},
          {"vote"},
          {"cancel"},
          {"pause"},
          {"resume"},
          {"rollback"},
          {"tx", "transfer"},
          {"tx", "load"},
          {"migrate"},
          {"param"},
          {"param", "set"}
        }) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Cli cli = Cli.run(args);
      assertThat(cli.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(cli.out()).as(String.join(" ", command)).contains("Usage: forkless");
    }
  }
}
