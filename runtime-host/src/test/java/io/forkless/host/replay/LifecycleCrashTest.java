package io.forkless.host.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import io.forkless.host.ChildJvm;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.upgrade.LifecycleRecords;
import io.forkless.testing.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a governed node cycling through upgrades and forward rollbacks under transfer
 * load at seeded random moments, and checks after every kill: head, state root and active runtime
 * agree; every transaction the node reported included is there; the transactions a committed
 * rollback queued are all either re-executed or still queued; retained snapshots are re-adopted.
 */
class LifecycleCrashTest {

  private static final int KILLS = 24;

  @TempDir Path dir;

  @Test
  void aNodeKilledAroundUpgradesAndRollbacksAlwaysRestartsConsistentAndLosesNothing() {
    long seed = Long.getLong("forkless.seed", System.nanoTime());
    System.out.println("LifecycleCrashTest " + Seeds.replay(seed));
    Random random = new Random(seed);
    Path plugins =
        ReplayNodes.pluginsWith(
            dir.resolve("plugins"), SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_1_1_0);
    Path data = dir.resolve("data");
    Set<HashCode> reported = new HashSet<>();
    int rollbacks = 0;
    int upgrades = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      int blocksBeforeKill = 1 + random.nextInt(7);
      try (ChildJvm child =
          ChildJvm.start(
              LifecycleCrashNode.class,
              List.of(),
              data.toString(),
              plugins.toString(),
              Long.toString(random.nextLong()))) {
        child.awaitLine(l -> l.startsWith("STARTED"), Duration.ofSeconds(90));
        int[] seen = {0};
        child.awaitLine(
            l -> l.startsWith("HEIGHT") && ++seen[0] >= blocksBeforeKill, Duration.ofSeconds(90));
        child.kill();
        for (String line : child.output()) {
          if (line.startsWith("INCLUDED ")) {
            reported.add(HashCode.fromString(line.substring("INCLUDED ".length()).strip()));
          }
        }
      }
      String context = "after kill " + kill + ", " + Seeds.replay(seed);
      try (ForklessHost host = new ReplayNodes().open(data, plugins)) {
        check(host, reported, context);
        List<ProposalRecord> proposals = host.governance().proposals(host.chain().state());
        rollbacks =
            (int) proposals.stream().filter(p -> p.status() == ProposalStatus.ROLLED_BACK).count();
        upgrades =
            (int)
                proposals.stream()
                    .filter(
                        p ->
                            p.status() == ProposalStatus.EXECUTED
                                || p.status() == ProposalStatus.ROLLED_BACK)
                    .count();
      }
    }
    assertThat(upgrades).as("upgrades executed, " + Seeds.replay(seed)).isGreaterThanOrEqualTo(2);
    assertThat(rollbacks).as("rollbacks executed, " + Seeds.replay(seed)).isGreaterThanOrEqualTo(2);
  }

  private static void check(ForklessHost host, Set<HashCode> reported, String context) {
    Chain chain = host.chain();
    Block head = chain.head();
    assertThat(host.store().recomputeStateRoot()).as(context).isEqualTo(head.header().stateRoot());
    assertThat(chain.activeRuntime().codeHash())
        .as("active runtime, " + context)
        .isEqualTo(head.header().runtimeCodeHash());
    LifecycleRecords.activeRuntime(chain.state())
        .ifPresent(
            a ->
                assertThat(a.codeHash())
                    .as("lifecycle record, " + context)
                    .isEqualTo(head.header().runtimeCodeHash()));
    for (HashCode tx : reported) {
      assertThat(chain.findTransaction(tx))
          .as("reported included " + tx + ", " + context)
          .isPresent();
    }
    assertThat(host.coordinator().snapshotCount())
        .as("retained snapshots re-adopted, " + context)
        .isEqualTo(host.coordinator().retainedUpgrades().size());
    checkLastRollbackLostNothing(host, context);
  }

  /** Every runtime transaction since the activation is re-executed after the rollback or queued. */
  private static void checkLastRollbackLostNothing(ForklessHost host, String context) {
    Chain chain = host.chain();
    List<ProposalRecord> rolledBack =
        host.governance().proposals(chain.state()).stream()
            .filter(p -> p.status() == ProposalStatus.ROLLED_BACK)
            .toList();
    if (rolledBack.isEmpty()) {
      return;
    }
    ProposalRecord last = rolledBack.get(rolledBack.size() - 1);
    long activation = last.activationHeight().getAsLong();
    long rollback = last.closedHeight().getAsLong();
    List<String> expected = new ArrayList<>();
    for (long h = activation; h < rollback; h++) {
      host.coordinator().reexecuted(h).forEach(p -> expected.add(text(p)));
      for (Transaction tx : chain.block(h).orElseThrow().transactions()) {
        if (tx.kind() == Transaction.Kind.RUNTIME) {
          expected.add(text(tx.payload()));
        }
      }
    }
    List<String> done = new ArrayList<>();
    for (long h = rollback + 1; h <= chain.head().height(); h++) {
      host.coordinator().reexecuted(h).forEach(p -> done.add(text(p)));
    }
    LifecycleRecords.queued(chain.state()).forEach(p -> done.add(text(p)));
    assertThat(done)
        .as("re-executed or queued after the rollback at %d, %s", rollback, context)
        .containsExactlyElementsOf(expected);
  }

  private static String text(byte[] payload) {
    return new String(payload, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
