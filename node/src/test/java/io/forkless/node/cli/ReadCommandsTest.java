package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** forkless proposals, proposal ID, block [H] and events [--follow] against a fake node. */
class ReadCommandsTest {

  private static final String PROPOSAL =
      """
      {"id":1,"proposer":"alice","title":"Add staking","description":"stake/unstake",
       "version":"2.0.0","codeHash":"%1$s","migrations":[{"name":"add_staking","codeHash":"%2$s"}],
       "state":"SCHEDULED","proposedHeight":3,"votingEndsHeight":23,"activationHeight":57,
       "yesStake":70,"noStake":10,"totalStake":100,"quorumThreshold":"0.334",
       "approvalThreshold":"0.667","reason":""}
      """
          .formatted("dd".repeat(32), "ee".repeat(32));

  private final FakeNode node;

  ReadCommandsTest() throws IOException {
    node = new FakeNode();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void proposalsListsNewestFirstWithStateTallyAndTheHeightThatMatters() {
    String older = PROPOSAL.replace("\"id\":1", "\"id\":0").replace("SCHEDULED", "REJECTED");
    node.answer("forkless_proposals", "{\"proposals\":[" + older + "," + PROPOSAL + "]}");

    Cli cli = Cli.run("proposals", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    String[] lines = cli.out().split("\\R");
    assertThat(lines[0]).startsWith("ID    STATE");
    assertThat(lines[1])
        .contains("#1", "SCHEDULED", "2.0.0", "70/10/100", "activates 57", "Add staking");
    assertThat(lines[2]).contains("#0", "REJECTED", "proposed 3");
  }

  @Test
  void proposalsSaysWhenThereIsNone() {
    node.answer("forkless_proposals", "{\"proposals\":[]}");

    assertThat(Cli.run("proposals", "--rpc", node.url()).out())
        .startsWith("no upgrade proposals on chain yet");
  }

  @Test
  void proposalShowsMigrationsThresholdsAndTheCountdown() {
    node.answer("forkless_proposal", PROPOSAL);

    Cli cli = Cli.run("proposal", "1", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("proposal    #1 \"Add staking\"")
        .contains("runtime     2.0.0  code hash " + "dd".repeat(32))
        .contains("migration   add_staking  code hash " + "ee".repeat(32))
        .contains("tally       yes 70, no 10 of 100 stake")
        .contains("quorum 0.334 of all stake must vote (80 voted), approval 0.667")
        .contains("activation  at height 57 (in 15 blocks; head 42)");
    assertThat(node.requests("forkless_proposal").get(0).path("params").path("id").asLong())
        .isEqualTo(1);
  }

  @Test
  void anUnknownProposalFailsWithTheNodesMessage() {
    node.answer(
        "forkless_proposal",
        p -> {
          throw new FakeNode.RpcError(-32001, "no proposal 9");
        });

    Cli cli = Cli.run("proposal", "9", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("no proposal 9");
  }

  @Test
  void blockShowsTheHeadByDefaultWithEachTransactionAndReceipt() {
    node.answer(
        "forkless_block",
        p ->
            FakeNode.parse(
                """
                {"height":%d,"hash":"%s","parentHash":"%s","timestampMillis":0,"stateRoot":"%s",
                 "runtimeVersion":"1.0.0","codeHash":"%s",
                 "transactions":[{"hash":"%s","kind":"runtime","payloadHex":"00"}],
                 "receipts":[{"hash":"%s","success":false,"message":"insufficient balance"}]}
                """
                    .formatted(
                        p.path("height").asLong(),
                        "a1".repeat(32),
                        "a0".repeat(32),
                        "bb".repeat(32),
                        "cc".repeat(32),
                        "11".repeat(32),
                        "11".repeat(32))));

    Cli head = Cli.run("block", "--rpc", node.url());
    Cli seven = Cli.run("block", "7", "--rpc", node.url());

    assertThat(head.exitCode()).as(head.err()).isZero();
    assertThat(head.out())
        .contains("height      42")
        .contains("time        1970-01-01T00:00:00Z")
        .contains("runtime     1.0.0  code hash " + "cc".repeat(32))
        .contains("11".repeat(32) + " runtime FAILED insufficient balance");
    assertThat(seven.out()).contains("height      7");
    assertThat(node.requests("forkless_block"))
        .extracting(r -> r.path("params").path("height").asLong())
        .containsExactly(42L, 7L);
  }

  @Test
  void eventsPrintsEachEventOnceOldestFirst() {
    node.answer("forkless_events", p -> events(p.path("since").asLong(), 2));

    Cli cli = Cli.run("events", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out().split("\\R"))
        .containsExactly(
            "#1     1970-01-01T00:00:01Z  height 10       proposed    proposal #1 (2.0.0) proposed",
            "#2     1970-01-01T00:00:02Z  height 35       executed    proposal #1 (2.0.0) executed");
  }

  @Test
  void eventsFollowPrintsNewEventsAsTheyComeUntilTheNodeGoesAway() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // The second event appears from the third call on.
    node.answer(
        "forkless_events",
        p -> events(p.path("since").asLong(), calls.incrementAndGet() < 3 ? 1 : 2));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                CliMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                    .execute("events", "--follow", "--json", "--rpc", node.url()));

    await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().lines().count() == 2);
    node.close();
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(out.toString().lines().map(l -> FakeNode.parse(l).path("seq").asLong()))
        .containsExactly(1L, 2L);
    assertThat(err.toString()).contains("cannot reach the node");
    assertThat(
            node.requests("forkless_events").stream()
                .map(r -> r.path("params").path("since").asLong()))
        .contains(0L, 1L);
  }

  @Test
  void aNegativeSinceIsRefusedBeforeAskingTheNode() {
    Cli cli = Cli.run("events", "--since", "-1", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("--since must be >= 0 but was -1");
    assertThat(node.requests("forkless_events")).isEmpty();
  }

  /** Events 1 to {@code max} (at most 2) after {@code since}, as forkless_events answers. */
  private static JsonNode events(long since, int max) {
    String[] kinds = {"PROPOSED", "EXECUTED"};
    int[] heights = {10, 35};
    StringBuilder list = new StringBuilder();
    long last = since;
    for (int seq = (int) since + 1; seq <= max; seq++) {
      if (list.length() > 0) {
        list.append(',');
      }
      list.append(
          "{\"seq\":%d,\"height\":%d,\"timeMillis\":%d,\"kind\":\"%s\",\"proposalId\":1,\"message\":\"proposal #1 (2.0.0) %s\"}"
              .formatted(
                  seq,
                  heights[seq - 1],
                  1000L * seq,
                  kinds[seq - 1],
                  kinds[seq - 1].toLowerCase(java.util.Locale.ROOT)));
      last = seq;
    }
    return FakeNode.parse("{\"events\":[" + list + "],\"lastSeq\":" + last + ",\"more\":false}");
  }
}
