package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.api.HostFunctions;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.node.dev.DevChain;
import io.forkless.testing.Accounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxCommandsTest {

  private final FakeNode node;

  @TempDir Path dir;

  TxCommandsTest() throws IOException {
    node = new FakeNode();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /** A submitted runtime transaction's envelope, decoded: key hex, nonce, call. */
  private record Sent(String sender, long nonce, String call, boolean signatureValid) {}

  private List<Sent> sent() {
    return node.requests("forkless_submitTransaction").stream()
        .map(r -> HexFormat.of().parseHex(r.path("params").path("tx").asText()))
        .map(TxCommandsTest::decode)
        .toList();
  }

  private static Sent decode(byte[] encoded) {
    assertThat(encoded[0]).as("a runtime transaction").isEqualTo((byte) 1);
    byte[] tx = Arrays.copyOfRange(encoded, 1, encoded.length);
    int l = tx[1];
    String chain = new String(tx, 2, l, StandardCharsets.US_ASCII);
    byte[] key = Arrays.copyOfRange(tx, 2 + l, 2 + l + 32);
    long nonce = java.nio.ByteBuffer.wrap(tx, 2 + l + 32, 8).getLong();
    byte[] signature = Arrays.copyOfRange(tx, 2 + l + 40, 2 + l + 104);
    byte[] call = Arrays.copyOfRange(tx, 2 + l + 104, tx.length);
    HostFunctions host = HostCrypto.INSTANCE;
    boolean valid = host.ed25519Verify(key, Accounts.signedMessage(chain, nonce, call), signature);
    return new Sent(
        HexFormat.of().formatHex(key), nonce, new String(call, StandardCharsets.US_ASCII), valid);
  }

  private static String devAccount(String name) {
    return AccountKey.publicKeyHex(DevChain.devAccountKey(name));
  }

  @Test
  void transferSignsWithTheDevAccountKeyAndTheNextNonceAndPrintsTheReceipt() {
    node.includesEverything(true, "");

    Cli cli = Cli.run("tx", "transfer", "--key", "alice", "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(sent()).containsExactly(new Sent(devAccount("alice"), 7, "transfer bob 5", true));
    assertThat(cli.out().strip())
        .isEqualTo("transaction " + "11".repeat(32) + " (nonce 7) included at height 43: ok");
  }

  @Test
  void theClientAndTheTestEncodersAgreeByteForByte() {
    byte[] node =
        AccountTransactions.sign(DevChain.devAccountKey("alice"), "c", 3, "transfer bob 1");
    Accounts.Account alice =
        new Accounts.Account(
            "alice", DevChain.devAccountKey("alice"), HexFormat.of().parseHex(devAccount("alice")));
    assertThat(node).isEqualTo(alice.sign("c", 3, "transfer bob 1"));
  }

  @Test
  void aMemoStakeUnstakeAndSubmitSignTheirCalls() {
    node.includesEverything(true, "memo: for lunch");

    Cli.run(
        "tx", "transfer", "--key", "bob", "alice", "5", "--memo", "for lunch", "--rpc", node.url());
    Cli.run("tx", "stake", "--key", "bob", "10", "--rpc", node.url());
    Cli.run("tx", "unstake", "--key", "bob", "3", "--nonce", "9", "--rpc", node.url());
    Cli submit =
        Cli.run("tx", "submit", "--key", "bob", "transfer", "carol", "1", "--rpc", node.url());

    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(sent())
        .extracting(Sent::call, Sent::nonce)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("transfer_memo alice 5 for lunch", 7L),
            org.assertj.core.groups.Tuple.tuple("stake 10", 7L),
            org.assertj.core.groups.Tuple.tuple("unstake 3", 9L),
            org.assertj.core.groups.Tuple.tuple("transfer carol 1", 7L));
  }

  @Test
  void aKeyFileSignsAndDevNamesAreRefusedByANonDevNode() {
    node.includesEverything(true, "");
    Path key = dir.resolve("me.key");
    Cli created = Cli.run("keys", "new", "--out", key.toString(), "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String publicKey = FakeNode.parse(created.out()).path("publicKey").asText();

    Cli cli = Cli.run("tx", "transfer", "--key", key.toString(), "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(sent()).singleElement().extracting(Sent::sender).isEqualTo(publicKey);
    assertThat(Cli.run("keys", "show", key.toString()).out()).contains(publicKey);
    assertThat(Cli.run("keys", "new", "--out", key.toString()).err()).contains("already exists");

    node.status(FakeNode.DEV_STATUS.replace("\"dev\":true", "\"dev\":false"));
    Cli refused = Cli.run("tx", "transfer", "--key", "alice", "bob", "5", "--rpc", node.url());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("not a --dev node").contains("forkless keys new");
  }

  @Test
  void aKeyFileWithoutASeedIsRefusedNamingTheFile() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.key"), "not hex");
    node.includesEverything(true, "");
    Cli cli = Cli.run("tx", "transfer", "--key", bad.toString(), "bob", "5", "--rpc", node.url());
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains(bad.toString()).contains("hex Ed25519 seed");
  }

  @Test
  void aFailedTransferExitsNonZeroWithTheRuntimesReason() {
    node.includesEverything(false, "insufficient funds for a transfer of 5");

    Cli cli = Cli.run("tx", "transfer", "--key", "alice", "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "error: 'transfer bob 5' failed at height 43: insufficient funds for a transfer of 5");
  }

  @Test
  void aTransactionTheNodeDropsEndsTheWaitWithTheReason() {
    node.includesEverything(true, "");
    node.answer(
        "forkless_transaction",
        p ->
            FakeNode.parse(
                "{\"hash\":\""
                    + p.path("hash").asText()
                    + "\",\"status\":\"dropped\",\"height\":null,\"success\":null,"
                    + "\"message\":\"evicted from the full mempool by a governance transaction\"}"));

    Cli cli = Cli.run("tx", "transfer", "--key", "alice", "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err())
        .contains("was dropped by the node without a block")
        .contains("evicted from the full mempool by a governance transaction")
        .doesNotContain("still pending");
  }

  @Test
  void aRefusedSubmissionExitsNonZero() {
    node.includesEverything(true, "");
    node.answer(
        "forkless_submitTransaction",
        p -> {
          throw new FakeNode.RpcError(-32000, "invalid transaction: bad signature");
        });

    Cli cli = Cli.run("tx", "transfer", "--key", "alice", "bob", "5", "--rpc", node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("bad signature (code -32000)");
  }

  @Test
  void balanceAndAccountReadTheRuntimesAnswer() {
    node.includesEverything(true, "");
    Cli balance = Cli.run("balance", "alice", "--rpc", node.url());
    Cli account = Cli.run("account", "alice", "--rpc", node.url());

    assertThat(balance.out().strip()).isEqualTo("90");
    assertThat(account.out().strip())
        .isEqualTo("account " + "ab".repeat(32) + ": balance 90, staked 10, nonce 7");
    assertThat(node.requests("forkless_query"))
        .allSatisfy(
            r -> assertThat(r.path("params").path("query").asText()).isEqualTo("account alice"));
  }

  @Test
  void loadSignsEachTransferWithItsSendersNextNonceAndWaitsUntilAllAreIncluded() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    node.includesEverything(true, "");
    node.answer(
        "forkless_submitTransaction",
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
    List<Sent> sent = sent();
    assertThat(sent).hasSize(40).allMatch(Sent::signatureValid);
    for (String name : List.of("alice", "bob", "charlie")) {
      assertThat(
              sent.stream()
                  .filter(s -> s.sender().equals(devAccount(name)))
                  .map(Sent::nonce)
                  .sorted())
          .as("each sender's nonces count up from its next one, without gaps")
          .containsExactlyElementsOf(
              java.util.stream.LongStream.range(
                      7, 7 + sent.stream().filter(s -> s.sender().equals(devAccount(name))).count())
                  .boxed()
                  .toList());
    }
    JsonNode report = FakeNode.parse(cli.out());
    assertThat(report.path("submitted").asInt()).isEqualTo(40);
    assertThat(report.path("included").asInt()).isEqualTo(40);
    assertThat(report.path("succeeded").asInt()).isEqualTo(40);
  }

  @Test
  void loadSendsATransientlyRefusedTransactionAgainWithItsNonceSoNoGapStallsTheSender() {
    java.util.Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    node.includesEverything(true, "");
    node.answer(
        "forkless_submitTransaction",
        p -> {
          // Each transaction is refused once, as right after a rollback rewound the nonces.
          if (attempts.merge(p.path("tx").asText(), 1, Integer::sum) == 1) {
            throw new FakeNode.RpcError(
                -32000,
                "nonce 90 is too far ahead of the sender's next nonce 10 (at most 64 pending per"
                    + " sender): send the missing nonces first");
          }
          return FakeNode.parse(
              "{\"hash\":\"" + String.format("%064x", n.incrementAndGet()) + "\"}");
        });

    Cli cli = Cli.run("tx", "load", "--rate", "10", "--duration", "1", "--rpc", node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("submitted 10 (refused by the node: 0), included 10");
    assertThat(attempts.values()).hasSize(10).containsOnly(2);
  }

  @Test
  void loadCountsFailuresAndRefusals() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    node.includesEverything(false, "insufficient funds");
    node.answer(
        "forkless_submitTransaction",
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

  @Test
  void loadReportsTransactionsTheNodeDroppedAfterAcceptingThemAndExitsNonZero() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    node.includesEverything(true, "");
    node.answer(
        "forkless_submitTransaction",
        p -> FakeNode.parse("{\"hash\":\"" + String.format("%064x", n.incrementAndGet()) + "\"}"));
    node.answer(
        "forkless_transaction",
        p -> {
          String hash = p.path("hash").asText();
          boolean odd = Long.parseLong(hash.substring(48), 16) % 2 == 1;
          return FakeNode.parse(
              odd
                  ? "{\"hash\":\""
                      + hash
                      + "\",\"status\":\"dropped\",\"height\":null,\"success\":null,"
                      + "\"message\":\"no longer valid after a block: stale nonce 3\"}"
                  : "{\"hash\":\""
                      + hash
                      + "\",\"status\":\"included\",\"height\":5,\"success\":true,"
                      + "\"message\":\"\"}");
        });

    Cli cli = Cli.run("tx", "load", "--rate", "10", "--duration", "1", "--rpc", node.url());

    assertThat(cli.exitCode()).as("a dropped transaction is a failure of the run").isEqualTo(1);
    assertThat(cli.out()).contains("included 5, succeeded 5, failed 0, dropped after acceptance 5");
    assertThat(cli.err())
        .contains("5 accepted transactions left the node without a block")
        .contains("no longer valid after a block: stale nonce 3");
  }
}
