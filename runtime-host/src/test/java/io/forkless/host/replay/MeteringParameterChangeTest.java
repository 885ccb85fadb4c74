package io.forkless.host.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.host.ChildJvm;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.governance.GovernanceAction.ChangeParameter;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13: the metering limits are chain parameters. A chain starts with the limits of its
 * genesis; governance changes them by a parameter change signed by validators holding the approval
 * threshold, effective at a height at least the timelock ahead, identically on every node: a replay
 * in a separate JVM computes the same root at every height, across the change. Every invalid change
 * gets a rejected receipt naming the problem and changes nothing.
 */
class MeteringParameterChangeTest {

  static final MeteringLimits GENESIS_LIMITS =
      new MeteringLimits(5_000_000L, 500_000_000L, 200, 32L << 20, 50_000_000L, 20_000_000_000L);

  /** So small that a sample transfer runs out of steps. */
  private static final MeteringLimits TIGHT =
      new MeteringLimits(40L, 500_000_000L, 200, 32L << 20, 50_000_000L, 20_000_000_000L);

  private final ReplayNodes nodes = new ReplayNodes();
  private final io.forkless.testing.Accounts.Signer users =
      new io.forkless.testing.Accounts.Signer(ReplayNodes.CHAIN);

  @TempDir Path dir;

  @Test
  void genesisLimitsThenAGovernedChangeAtItsHeightReplayAlikeInAnotherJvm() throws Exception {
    Path plugins = ReplayNodes.pluginsWith(dir.resolve("plugins"), SampleJars.RUNTIME_1_0_0);
    List<String> roots = new ArrayList<>();
    byte[] exported;
    long activation;
    try (ForklessHost a = nodes.openMetered(dir.resolve("a"), plugins, GENESIS_LIMITS)) {
      roots.add(a.chain().stateRoot().toString());
      assertThat(MeteringParameters.read(a.chain().state())).isEqualTo(GENESIS_LIMITS);
      produce(a, roots);
      long timelock = a.governance().config().timelockDelay();
      long next = a.chain().head().height() + 1;
      activation = next + timelock + 2;
      ExecutedBlock changed =
          produce(a, roots, change(a, "metering", TIGHT.encode(), activation, "alice", "bob"));
      assertThat(changed.receipts().get(0).success())
          .as(changed.receipts().get(0).message())
          .isTrue();
      assertThat(changed.receipts().get(0).message())
          .isEqualTo("parameter metering changes at height " + activation);
      assertThat(a.governance().pendingParameter(a.chain().state(), "metering")).isPresent();
      while (a.chain().head().height() < activation - 1) {
        ExecutedBlock before = produce(a, roots);
        assertThat(before.receipts())
            .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
        assertThat(MeteringParameters.read(a.chain().state())).isEqualTo(GENESIS_LIMITS);
      }
      ExecutedBlock at = produce(a, roots);
      assertThat(at.block().height()).isEqualTo(activation);
      assertThat(at.receipts())
          .allSatisfy(r -> assertThat(r.message()).startsWith("out of steps at "));
      assertThat(MeteringParameters.read(a.chain().state())).isEqualTo(TIGHT);
      assertThat(a.governance().pendingParameter(a.chain().state(), "metering")).isEmpty();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlockExporter.exportAll(a.chain(), out);
      exported = out.toByteArray();
    }
    Path file = Files.write(dir.resolve("blocks.fkb"), exported);
    try (ChildJvm child =
        ChildJvm.start(
            MeteringChangeNode.class,
            List.of(),
            file.toString(),
            dir.resolve("b").toString(),
            plugins.toString())) {
      child.awaitLine(l -> l.equals("import done"), Duration.ofMinutes(3));
      List<String> replayed =
          child.output().stream()
              .filter(l -> l.startsWith("root "))
              .map(l -> l.split(" ")[2])
              .toList();
      assertThat(replayed).isEqualTo(roots);
      assertThat(child.output()).contains("limits " + TIGHT);
    }
  }

  @Test
  void everyInvalidChangeIsRejectedWithItsReasonAndChangesNothing() {
    Path plugins = ReplayNodes.pluginsWith(dir.resolve("plugins"), SampleJars.RUNTIME_1_0_0);
    try (ForklessHost a = nodes.openMetered(dir.resolve("a"), plugins, GENESIS_LIMITS)) {
      long at = a.chain().head().height() + 10;
      byte[] zeroSteps = ByteBuffer.wrap(GENESIS_LIMITS.encode().clone()).putLong(0, 0).array();
      byte[] txAboveBlock =
          ByteBuffer.wrap(GENESIS_LIMITS.encode().clone()).putLong(0, 600_000_000L).array();
      byte[] tooDeep = ByteBuffer.wrap(GENESIS_LIMITS.encode().clone()).putInt(16, 5_000).array();
      expectRejected(
          a, change(a, "gas", TIGHT.encode(), at, "alice", "bob"), "unknown parameter \"gas\"");
      expectRejected(
          a, change(a, "metering", new byte[3], at, "alice", "bob"), "take 44 bytes, not 3");
      expectRejected(
          a, change(a, "metering", zeroSteps, at, "alice", "bob"), "txSteps must be positive");
      expectRejected(
          a, change(a, "metering", txAboveBlock, at, "alice", "bob"), "is above blockSteps");
      expectRejected(a, change(a, "metering", tooDeep, at, "alice", "bob"), "maxCallDepth 5000");
      expectRejected(
          a,
          change(a, "metering", TIGHT.encode(), a.chain().head().height() + 2, "alice", "bob"),
          "at least the timelock");
      expectRejected(
          a,
          change(a, "metering", TIGHT.encode(), at, "dave"),
          "needs signatures from validators holding at least");
      long nonce = a.governance().emergencyNonce(a.chain().state());
      expectRejected(
          a,
          Transaction.host(
              nodes
                  .sign(
                      a,
                      new ChangeParameter("metering", TIGHT.encode(), at, nonce + 1),
                      "alice",
                      "bob")
                  .encode()),
          "emergency nonce is " + nonce);
      assertThat(MeteringParameters.read(a.chain().state())).isEqualTo(GENESIS_LIMITS);
      assertThat(a.governance().pendingParameter(a.chain().state(), "metering")).isEmpty();
      assertThat(a.governance().emergencyNonce(a.chain().state())).isEqualTo(nonce);
    }
  }

  @Test
  void invalidGenesisLimitsAreRefusedBeforeTheNodeStarts() {
    MeteringLimits txAboveBlock =
        new MeteringLimits(10_000L, 1_000L, 200, 32L << 20, 50_000_000L, 20_000_000_000L);
    assertThatThrownBy(() -> ForklessHost.builder().metering(txAboveBlock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("genesis metering limits: txSteps 10000 is above blockSteps 1000");
  }

  private void expectRejected(ForklessHost a, Transaction tx, String reason) {
    ExecutedBlock block = produce(a, new ArrayList<>(), tx);
    TxReceipt receipt = block.receipts().get(0);
    assertThat(receipt.success()).isFalse();
    assertThat(receipt.message()).contains(reason);
  }

  private Transaction change(
      ForklessHost a, String name, byte[] value, long height, String... signers) {
    long nonce = a.governance().emergencyNonce(a.chain().state());
    return Transaction.host(
        nodes.sign(a, new ChangeParameter(name, value, height, nonce), signers).encode());
  }

  private ExecutedBlock produce(ForklessHost host, List<String> roots, Transaction... first) {
    for (Transaction tx : first) {
      host.submit(tx);
    }
    host.submit(Transaction.runtime(users.sign("transfer alice bob 1")));
    ExecutedBlock b = host.producer().produceBlock().orElseThrow();
    roots.add(host.chain().stateRoot().toString());
    return b;
  }
}
