package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Transaction;
import io.forkless.host.code.CodeUpload;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProposeCommandTest {

  private final FakeNode node;

  ProposeCommandTest() throws IOException {
    node = new FakeNode();
    node.includesEverything(true, "proposal 7 created; voting ends at height 63");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private SignedGovernanceTx submitted() {
    var submits =
        node.requests("forkless_submitTransaction").stream()
            .filter(r -> !CodeUpload.isCodeUpload(payload(r)))
            .toList();
    assertThat(submits).hasSize(1);
    Transaction tx =
        Transaction.decode(
            HexFormat.of().parseHex(submits.get(0).path("params").path("tx").asText()));
    return SignedGovernanceTx.decode(tx.payload());
  }

  private static byte[] payload(com.fasterxml.jackson.databind.JsonNode request) {
    return Transaction.decode(HexFormat.of().parseHex(request.path("params").path("tx").asText()))
        .payload();
  }

  /**
   * A fake chain upload: {@code forkless_code} reports what the submitted chunks (accepted only in
   * order) added up to, with a block budget of 3 chunks of 1,000 bytes.
   */
  private void fakeUpload(HashCode named, java.util.Map<HashCode, Long> received) {
    node.answer(
        "forkless_code",
        p -> {
          HashCode h = HashCode.fromString(p.path("hash").asText());
          for (var r : node.requests("forkless_submitTransaction")) {
            byte[] payload = payload(r);
            if (CodeUpload.isCodeUpload(payload)) {
              CodeUpload u = CodeUpload.decode(payload);
              if (u.offset() == received.getOrDefault(u.codeHash(), 0L)) {
                received.put(u.codeHash(), u.offset() + u.length());
              }
            }
          }
          long got = received.getOrDefault(h, 0L);
          long size = h.equals(named) ? sizeOf(h) : 0;
          return FakeNode.parse(
              "{\"hash\":\"%s\",\"present\":%s,\"complete\":%s,\"received\":%d,\"namedByOpenProposal\":%s,\"height\":%d,\"parameters\":{\"maxChunkBytes\":1000,\"maxUploadBytesPerBlock\":3000}}"
                  .formatted(
                      h,
                      got > 0,
                      got > 0 && got == size,
                      got,
                      h.equals(named),
                      node.requests("forkless_code").size()));
        });
  }

  private long sizeOf(HashCode h) {
    try {
      Path jar = SampleJars.runtime("1.1.0");
      return sha256(jar).equals(h) ? Files.size(jar) : 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void uploadsTheJarInOrderedChunksAfterProposingAndTheChainAssemblesTheSameBytes()
      throws IOException {
    Path jar = SampleJars.runtime("1.1.0");
    java.util.Map<HashCode, Long> received = new java.util.concurrent.ConcurrentHashMap<>();
    fakeUpload(sha256(jar), received);
    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            jar.toString(),
            "--title",
            "Memos",
            "--key",
            "bob",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(received.get(sha256(jar))).isEqualTo(Files.size(jar));
    java.io.ByteArrayOutputStream assembled = new java.io.ByteArrayOutputStream();
    for (var r : node.requests("forkless_submitTransaction")) {
      byte[] payload = payload(r);
      if (CodeUpload.isCodeUpload(payload)) {
        CodeUpload u = CodeUpload.decode(payload);
        assertThat(u.length()).isLessThanOrEqualTo(1000);
        if (u.offset() == assembled.size()) {
          assembled.writeBytes(u.bytes());
        }
      }
    }
    assertThat(assembled.toByteArray()).isEqualTo(Files.readAllBytes(jar));
    // The proposal went first: uploads are accepted only for a hash an open proposal names.
    assertThat(CodeUpload.isCodeUpload(payload(node.requests("forkless_submitTransaction").get(0))))
        .isFalse();
    assertThat(cli.err()).contains("is on chain");
  }

  @Test
  void aSecondRunForTheOpenProposalsCodeResumesTheUploadWithoutProposingAgain() throws IOException {
    Path jar = SampleJars.runtime("1.1.0");
    node.status(
        FakeNode.DEV_STATUS.replace(
            "\"pendingUpgrade\":null",
            "\"pendingUpgrade\":{\"id\":5,\"codeHash\":\""
                + sha256(jar)
                + "\",\"migrations\":[]}"));
    java.util.Map<HashCode, Long> received = new java.util.concurrent.ConcurrentHashMap<>();
    received.put(sha256(jar), 2000L);
    fakeUpload(sha256(jar), received);
    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            jar.toString(),
            "--title",
            "Memos",
            "--key",
            "bob",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out().strip()).isEqualTo("5");
    var submits = node.requests("forkless_submitTransaction");
    assertThat(submits)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(CodeUpload.isCodeUpload(payload(r))).isTrue());
    assertThat(CodeUpload.decode(payload(submits.get(0))).offset()).isEqualTo(2000);
    assertThat(received.get(sha256(jar))).isEqualTo(Files.size(jar));
  }

  @Test
  void anUploadForCodeNoOpenProposalNamesStopsWithTheReason() throws IOException {
    Path jar = SampleJars.runtime("1.1.0");
    fakeUpload(
        HashCode.fromString("ab".repeat(32)), new java.util.concurrent.ConcurrentHashMap<>());
    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            jar.toString(),
            "--title",
            "Memos",
            "--key",
            "bob",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("no open proposal names it");
  }

  private static HashCode sha256(Path file) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }

  @Test
  void proposesTheJarsVersionWithAPlanOfThePluginsMigrationsAndPrintsTheId() throws IOException {
    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            SampleJars.runtime("2.0.0").toString(),
            "--migration",
            SampleJars.addStaking().toString(),
            "--title",
            "Runtime 2.0.0",
            "--description",
            "Staking",
            "--key",
            "alice",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out().strip()).isEqualTo("7");
    SignedGovernanceTx tx = submitted();
    GovernanceAction.ProposeUpgrade p = (GovernanceAction.ProposeUpgrade) tx.action();
    assertThat(p.proposer()).isEqualTo("alice");
    assertThat(p.title()).isEqualTo("Runtime 2.0.0");
    assertThat(p.description()).isEqualTo("Staking");
    assertThat(p.newVersion()).isEqualTo(RuntimeVersion.of(2, 0, 0));
    assertThat(p.codeHash()).isEqualTo(sha256(SampleJars.runtime("2.0.0")));
    assertThat(p.activationDelay()).isEqualTo(DevChain.upgradeConfig().timelockDelay());
    var plan = p.migrationPlan().orElseThrow();
    assertThat(plan.plan().fromVersion()).isEqualTo(RuntimeVersion.of(1, 0, 0));
    assertThat(plan.plan().toVersion()).isEqualTo(RuntimeVersion.of(2, 0, 0));
    assertThat(plan.plan().migrationNames()).containsExactly("add_staking");
    assertThat(plan.pluginHashes().get("add_staking")).isEqualTo(sha256(SampleJars.addStaking()));
    byte[] message = SignedGovernanceTx.signingMessage(DevChain.CHAIN_ID, 0, p);
    assertThat(
            Ed25519.verify(
                DevChain.devKey("alice").getPublic(), message, tx.signatures().get(0).bytes()))
        .isTrue();
  }

  @Test
  void jsonPrintsTheIdAndAnExplicitDelayIsUsed() {
    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            SampleJars.runtime("1.1.0").toString(),
            "--title",
            "Memos",
            "--activation-delay",
            "12",
            "--key",
            "bob",
            "--json",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(FakeNode.parse(cli.out()).path("id").asLong()).isEqualTo(7);
    GovernanceAction.ProposeUpgrade p = (GovernanceAction.ProposeUpgrade) submitted().action();
    assertThat(p.activationDelay()).isEqualTo(12);
    assertThat(p.migrationPlan()).isEmpty();
  }

  @Test
  void theNodesTimelockIsTheDefaultDelayWhenItReportsOne() {
    node.status(
        FakeNode.DEV_STATUS.replace("\"snapshots\":1", "\"snapshots\":1,\"timelockDelay\":9"));

    Cli.run(
        "propose",
        "--jar",
        SampleJars.runtime("1.1.0").toString(),
        "--title",
        "Memos",
        "--key",
        "bob",
        "--rpc",
        node.url());

    assertThat(((GovernanceAction.ProposeUpgrade) submitted().action()).activationDelay())
        .isEqualTo(9);
  }

  @Test
  void aDelayBelowTheNodesTimelockIsRefusedBeforeSubmitting() {
    node.status(
        FakeNode.DEV_STATUS.replace("\"snapshots\":1", "\"snapshots\":1,\"timelockDelay\":9"));

    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            SampleJars.runtime("1.1.0").toString(),
            "--title",
            "Memos",
            "--activation-delay",
            "3",
            "--key",
            "bob",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err())
        .contains("--activation-delay 3 is below the chain's timelock of 9 blocks");
    assertThat(node.requests("forkless_submitTransaction")).isEmpty();
  }

  @Test
  void aVersionTheNodeCannotUpgradeToIsRefusedBeforeSubmitting() {
    node.status(
        FakeNode.DEV_STATUS.replace(
            "\"runtimeVersion\":\"1.0.0\"", "\"runtimeVersion\":\"2.0.0\""));

    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            SampleJars.runtime("1.1.0").toString(),
            "--title",
            "Old",
            "--key",
            "bob",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "error: the node runs 2.0.0, which cannot upgrade to 1.1.0 (it must be newer and skip"
                + " no major version)");
    assertThat(node.requests("forkless_submitTransaction")).isEmpty();
  }

  @Test
  void aRejectedProposalFailsWithTheReceiptsMessage() {
    node.includesEverything(false, "activation delay 1 is below the timelock of 5");

    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            SampleJars.runtime("1.1.0").toString(),
            "--title",
            "Memos",
            "--activation-delay",
            "1",
            "--key",
            "bob",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "error: proposal of 1.1.0 by bob failed at height 43: activation delay 1 is below"
                + " the timelock of 5");
  }

  @Test
  void aPluginTheNodeWouldRefuseIsRefusedHere() {
    Cli cli =
        Cli.run(
            "propose",
            "--jar",
            SampleJars.runtime("2.0.0").toString(),
            "--migration",
            SampleJars.runtime("1.1.0").toString(),
            "--title",
            "Wrong plugin",
            "--key",
            "alice",
            "--rpc",
            node.url());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: the node would refuse ");
    assertThat(node.requests("forkless_submitTransaction")).isEqualTo(List.of());
  }
}
