package io.forkless.host.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import io.forkless.api.MigrationPlan;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.governance.GovernanceAction.ChangeParameter;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.upgrade.MigrationStatus;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the multi-block migration budget is a governed chain parameter ({@code migration}). A
 * chain starts with its genesis budget; a change signed by validators holding the approval
 * threshold takes effect at its height, and a migration already running uses, in every block, the
 * budget in force at that block (so its share grows from the change's height on). Every invalid
 * change gets a rejected receipt naming the problem and changes nothing.
 */
class MigrationBudgetChangeTest {

  /** ReplayNodes.openMigrating's genesis budget: 40 keys, 20 accounts rewritten a block. */
  private static final StepBudget GENESIS_BUDGET = new StepBudget(40);

  private static final StepBudget WIDER = new StepBudget(400);

  private final ReplayNodes nodes = new ReplayNodes();

  @TempDir Path dir;

  @Test
  void aChangeTakesEffectAtItsHeightInTheRunningMigrationsNextBlock() {
    try (ForklessHost host = nodes.openMigrating(dir.resolve("data"), plugins())) {
      assertThat(MigrationParameters.read(host.chain().state())).isEqualTo(GENESIS_BUDGET);
      startMigration(host);
      long before = status(host).keysDone();
      produce(host);
      assertThat(status(host).keysDone() - before)
          .as("the genesis budget: 40 keys, two per account")
          .isEqualTo(20);

      long timelock = host.governance().config().timelockDelay();
      long activation = host.chain().head().height() + 1 + timelock;
      ExecutedBlock included =
          produce(host, change(host, MigrationParameters.encode(WIDER), activation));
      TxReceipt receipt = included.receipts().get(0);
      assertThat(receipt.success()).as(receipt.message()).isTrue();
      assertThat(receipt.message())
          .isEqualTo("parameter migration changes at height " + activation);
      assertThat(host.governance().pendingParameter(host.chain().state(), "migration")).isPresent();
      while (host.chain().head().height() < activation - 1) {
        long done = status(host).keysDone();
        produce(host);
        assertThat(status(host).keysDone() - done).as("still the genesis budget").isEqualTo(20);
        assertThat(status(host).keysPerBlock()).isEqualTo(40);
      }

      long done = status(host).keysDone();
      ExecutedBlock at = produce(host);
      assertThat(at.block().height()).isEqualTo(activation);
      MigrationStatus now = status(host);
      assertThat(now.validating()).isFalse();
      assertThat(now.keysDone() - done)
          .as("the block at the change's height already runs a 400-key share")
          .isEqualTo(200);
      assertThat(now.keysPerBlock()).isEqualTo(400);
      assertThat(MigrationParameters.read(host.chain().state())).isEqualTo(WIDER);
      assertThat(host.governance().pendingParameter(host.chain().state(), "migration")).isEmpty();

      for (int i = 0; i < 40 && host.coordinator().migrationStatus().isPresent(); i++) {
        produce(host);
      }
      assertThat(host.coordinator().migrationStatus()).as("the migration finished").isEmpty();
      assertThat(host.coordinator().currentVersion()).isEqualTo(MultiBlockCrashNode.V2);
    }
  }

  @Test
  void everyInvalidChangeIsRejectedWithItsReasonAndChangesNothing() {
    try (ForklessHost host = nodes.openMigrating(dir.resolve("data"), plugins())) {
      long at = host.chain().head().height() + 10;
      byte[] zero = ByteBuffer.allocate(9).put((byte) 1).putLong(0).array();
      byte[] format2 = MigrationParameters.encode(WIDER);
      format2[0] = 2;
      byte[] tooMany =
          MigrationParameters.encode(new StepBudget(MigrationParameters.MAX_KEYS_PER_BLOCK + 1));
      long nonce = host.governance().emergencyNonce(host.chain().state());
      expectRejected(
          host,
          change(host, zero, at),
          "invalid value for parameter migration: a migration budget must be at least 1 key per"
              + " block but was 0");
      expectRejected(host, change(host, new byte[3], at), "is 9 bytes, format 1");
      expectRejected(host, change(host, format2, at), "format 2");
      expectRejected(
          host,
          change(host, tooMany, at),
          "keysPerBlock 10000001 is above the limit of 10000000 keys per block");
      expectRejected(
          host,
          change(host, MigrationParameters.encode(WIDER), host.chain().head().height() + 1),
          "at least the timelock");
      expectRejected(
          host,
          signed(host, MigrationParameters.encode(WIDER), at, "dave"),
          "needs signatures from validators holding at least");
      assertThat(MigrationParameters.read(host.chain().state())).isEqualTo(GENESIS_BUDGET);
      assertThat(host.governance().pendingParameter(host.chain().state(), "migration")).isEmpty();
      assertThat(host.governance().emergencyNonce(host.chain().state())).isEqualTo(nonce);
    }
  }

  @Test
  void aGenesisBudgetAboveTheLimitIsRefusedBeforeTheNodeStarts() {
    assertThatThrownBy(
            () ->
                ForklessHost.builder()
                    .migrationBudget(new StepBudget(MigrationParameters.MAX_KEYS_PER_BLOCK + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "genesis migration budget: keysPerBlock 10000001 is above the limit of 10000000");
  }

  private Path plugins() {
    return ReplayNodes.pluginsWith(
        dir.resolve("plugins"),
        SampleJars.RUNTIME_1_0_0,
        SampleJars.RUNTIME_2_0_0,
        SampleJars.ADD_STAKING_STEPPED);
  }

  /** Proposes add_staking_stepped (users paused), approves it and runs to its first share. */
  private void startMigration(ForklessHost host) {
    submit(host, nodes.sign(host, proposal(), "alice").encode());
    submit(host, nodes.sign(host, new VoteUpgrade(1, "alice", true), "alice").encode());
    submit(host, nodes.sign(host, new VoteUpgrade(1, "bob", true), "bob").encode());
    produce(host);
    long activation =
        host.governance()
            .proposal(host.chain().state(), 1)
            .orElseThrow()
            .activationHeight()
            .getAsLong();
    while (host.chain().head().height() < activation) {
      produce(host);
    }
    assertThat(host.coordinator().migrationStatus())
        .as("running after its first share")
        .isPresent();
  }

  private static ProposeUpgrade proposal() {
    return new ProposeUpgrade(
        "alice",
        "2.0.0 stepped",
        "multi-block",
        MultiBlockCrashNode.V2,
        ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_2_0_0)),
        Optional.of(
            new HashedMigrationPlan(
                new MigrationPlan(
                    MultiBlockCrashNode.V1,
                    MultiBlockCrashNode.V2,
                    List.of("add_staking_stepped"),
                    5,
                    true),
                ImmutableMap.of(
                    "add_staking_stepped",
                    ReplayNodes.hash(SampleJars.jar(SampleJars.ADD_STAKING_STEPPED))))),
        2,
        1);
  }

  private static MigrationStatus status(ForklessHost host) {
    return host.coordinator().migrationStatus().orElseThrow();
  }

  private Transaction change(ForklessHost host, byte[] value, long height) {
    return signed(host, value, height, "alice", "bob");
  }

  private Transaction signed(ForklessHost host, byte[] value, long height, String... signers) {
    long nonce = host.governance().emergencyNonce(host.chain().state());
    return Transaction.host(
        nodes.sign(host, new ChangeParameter("migration", value, height, nonce), signers).encode());
  }

  private static void expectRejected(ForklessHost host, Transaction tx, String reason) {
    TxReceipt receipt = produce(host, tx).receipts().get(0);
    assertThat(receipt.success()).isFalse();
    assertThat(receipt.message()).contains(reason);
  }

  private static void submit(ForklessHost host, byte[] tx) {
    host.submit(Transaction.host(tx));
  }

  private static ExecutedBlock produce(ForklessHost host, Transaction... txs) {
    for (Transaction tx : txs) {
      host.submit(tx);
    }
    return host.producer().produceBlock().orElseThrow();
  }
}
