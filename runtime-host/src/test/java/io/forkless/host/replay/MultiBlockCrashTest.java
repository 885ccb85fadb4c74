package io.forkless.host.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.host.ChildJvm;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.upgrade.LifecycleRecords;
import io.forkless.host.upgrade.MigratingUpgrade;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.TestPlugins;
import io.forkless.testing.Seeds;
import io.forkless.testplugins.SteppedFailAtKey250;
import io.forkless.testplugins.SteppedLayout2;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a governed node at seeded random blocks while it runs a multi-block migration
 * that fails at its 251st account (and fails back, re-executing the transactions since its
 * activation) and then a paused add_staking_stepped over 603 accounts at 20 accounts a block. After
 * every kill: the store is consistent (root, runtime, cursor and snapshot of a running migration).
 * At the end, a fresh node in a separate JVM imports the killed node's blocks and reaches its root
 * at every height: each block the restarted node committed is what an uninterrupted execution
 * gives.
 */
class MultiBlockCrashTest {

  @TempDir Path dir;

  @Test
  void aNodeKilledMidMigrationResumesAtTheCommittedCursorAndAFreshImportAgreesAtEveryHeight()
      throws IOException {
    long seed = Long.getLong("forkless.seed", System.nanoTime());
    System.out.println("MultiBlockCrashTest " + Seeds.replay(seed));
    Random random = new Random(seed);
    Path plugins =
        ReplayNodes.pluginsWith(
            dir.resolve("plugins"),
            SampleJars.RUNTIME_1_0_0,
            SampleJars.RUNTIME_2_0_0,
            SampleJars.ADD_STAKING_STEPPED);
    RuntimeCode failing =
        TestPlugins.plugin(
            plugins, "stepped_fail_middle", SteppedFailAtKey250.class, SteppedLayout2.class);
    Path data = dir.resolve("data");
    int killsMidMigration = 0;
    boolean done = false;
    for (int kill = 0; kill < 60 && !done; kill++) {
      int blocksBeforeKill = 1 + random.nextInt(8);
      try (ChildJvm child =
          ChildJvm.start(
              MultiBlockCrashNode.class,
              List.of(),
              data.toString(),
              plugins.toString(),
              failing.codeHash().toString(),
              Long.toString(random.nextLong()))) {
        child.awaitLine(l -> l.startsWith("STARTED"), Duration.ofSeconds(120));
        int[] seen = {0};
        child.awaitLine(
            l -> l.startsWith("HEIGHT") && ++seen[0] >= blocksBeforeKill, Duration.ofSeconds(120));
        child.kill();
      }
      String context = "after kill " + kill + ", " + Seeds.replay(seed);
      try (ForklessHost host = new ReplayNodes().openMigrating(data, plugins)) {
        if (check(host, context)) {
          killsMidMigration++;
        }
        List<ProposalRecord> proposals = host.governance().proposals(host.chain().state());
        done =
            proposals.size() == 2
                && proposals.get(1).status() == ProposalStatus.EXECUTED
                && host.chain().head().height() >= proposals.get(1).closedHeight().getAsLong() + 2;
      }
    }
    assertThat(done).as("both upgrades decided, " + Seeds.replay(seed)).isTrue();
    assertThat(killsMidMigration)
        .as("kills while a migration ran, " + Seeds.replay(seed))
        .isGreaterThanOrEqualTo(3);

    List<String> roots = new ArrayList<>();
    Path file = dir.resolve("chain.blocks");
    try (ForklessHost host = new ReplayNodes().openMigrating(data, plugins);
        OutputStream out = Files.newOutputStream(file)) {
      List<ProposalRecord> proposals = host.governance().proposals(host.chain().state());
      assertThat(proposals.get(0).status()).isEqualTo(ProposalStatus.FAILED);
      assertThat(proposals.get(0).reason()).contains("injected failure at key 250");
      assertThat(host.coordinator().currentVersion()).isEqualTo(MultiBlockCrashNode.V2);
      for (long h = 1; h <= host.chain().head().height(); h++) {
        roots.add("ROOT " + h + " " + host.chain().block(h).orElseThrow().header().stateRoot());
      }
      BlockExporter.exportAll(host.chain(), out);
    }
    Path freshPlugins =
        ReplayNodes.pluginsWith(
            dir.resolve("plugins-fresh"),
            SampleJars.RUNTIME_1_0_0,
            SampleJars.RUNTIME_2_0_0,
            SampleJars.ADD_STAKING_STEPPED);
    Files.copy(failing.jar(), freshPlugins.resolve("stepped_fail_middle.jar"));
    try (ChildJvm importer =
        ChildJvm.start(
            MultiBlockImportNode.class,
            List.of(),
            dir.resolve("data-fresh").toString(),
            freshPlugins.toString(),
            file.toString())) {
      importer.awaitLine(
          l -> l.startsWith("DONE") || l.startsWith("IMPORT FAILED"), Duration.ofMinutes(5));
      List<String> imported =
          importer.output().stream().filter(l -> l.startsWith("ROOT ")).toList();
      assertThat(imported).as(Seeds.replay(seed)).isEqualTo(roots);
    }
  }

  /** Checks a restarted node's store. Returns whether a migration is running in it. */
  private static boolean check(ForklessHost host, String context) {
    Chain chain = host.chain();
    Block head = chain.head();
    assertThat(host.store().recomputeStateRoot()).as(context).isEqualTo(head.header().stateRoot());
    assertThat(chain.activeRuntime().codeHash())
        .as("active runtime, " + context)
        .isEqualTo(head.header().runtimeCodeHash());
    Optional<MigratingUpgrade> running = LifecycleRecords.migrating(chain.state());
    if (running.isEmpty()) {
      assertThat(chain.state().get(SteppedMigrationDriver.CURSOR_KEY))
          .as("no cursor without a running migration, " + context)
          .isEmpty();
      return false;
    }
    assertThat(host.coordinator().hasRollbackSnapshot(running.get().upgradeId()))
        .as("the running migration's snapshot is kept, " + context)
        .isTrue();
    assertThat(host.coordinator().migrationStatus())
        .as(context)
        .hasValueSatisfying(
            s -> assertThat(s.blocksUsed()).isEqualTo(head.height() - s.activationHeight() + 1));
    assertThat(host.coordinator().pendingUpgrade())
        .as("the migrating upgrade is staged again, " + context)
        .hasValueSatisfying(u -> assertThat(u.id()).isEqualTo(running.get().upgradeId()));
    return true;
  }
}
