package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Transaction;
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
    var submits = node.requests("forkless_submitTransaction");
    assertThat(submits).hasSize(1);
    Transaction tx =
        Transaction.decode(
            HexFormat.of().parseHex(submits.get(0).path("params").path("tx").asText()));
    return SignedGovernanceTx.decode(tx.payload());
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
