package io.forkless.host.upgrade;

import static io.forkless.host.upgrade.UpgradeTestbed.accounts;
import static io.forkless.host.upgrade.UpgradeTestbed.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.migration.MigrationEvent;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeCancelled;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeFailed;
import io.forkless.testplugins.SteppedFailAtEnd;
import io.forkless.testplugins.SteppedFailAtFirstKey;
import io.forkless.testplugins.SteppedFailAtKey250;
import io.forkless.testplugins.SteppedFailingValidation;
import io.forkless.testplugins.SteppedFailingValidationStep;
import io.forkless.testplugins.SteppedGreedy;
import io.forkless.testplugins.SteppedIndex;
import io.forkless.testplugins.SteppedLayout2;
import io.forkless.testplugins.SteppedRewrite;
import io.forkless.testplugins.SteppedStuck;
import io.forkless.testplugins.SteppedStuckValidation;
import io.forkless.testplugins.SteppedWritesHostKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-block migrations in the upgrade lifecycle, on a real RocksDB with real signed JARs: the
 * activation starts the plan, each block runs its share under the chain's budget, the last share
 * validates and swaps; every failure and a cancel return the state to the pre-upgrade snapshot plus
 * the re-executed transactions. 990 accounts at 100 keys per block (50 accounts: a read and a write
 * each) take 20 blocks.
 */
class MultiBlockUpgradeTest {

  private static final RuntimeVersion V1_0 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V1_1 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2_0 = RuntimeVersion.of(2, 0, 0);
  private static final int ACCOUNTS = 990;
  private static final long BUDGET = 100;

  @TempDir Path dir;

  private static UpgradeRequest toV2(
      long height, String migration, boolean pause, RuntimeCode plugin) {
    return new UpgradeRequest(
        V2_0,
        sample(SampleJars.RUNTIME_2_0_0),
        height,
        Optional.of(new MigrationPlan(V1_0, V2_0, List.of(migration), 60, pause)),
        List.of(plugin),
        OptionalLong.empty());
  }

  private static UpgradeRequest toV11(long height, String migration, RuntimeCode plugin) {
    return new UpgradeRequest(
        V1_1,
        sample(SampleJars.RUNTIME_1_1_0),
        height,
        Optional.of(new MigrationPlan(V1_0, V1_1, List.of(migration), 60, false)),
        List.of(plugin),
        OptionalLong.empty());
  }

  private RuntimeCode plugin(String id, Class<?> extension) {
    Path folder = dir.resolve("plugins-" + id);
    try {
      java.nio.file.Files.createDirectories(folder);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return TestPlugins.plugin(folder, id, extension, SteppedLayout2.class);
  }

  @Test
  void aSteppedAddStakingRunsAcrossBlocksPausingUsersAndEndsWithTheSingleBlockState() {
    Map<String, String> singleBlock =
        UpgradeTestbed.singleBlockAddStaking(dir.resolve("one"), accounts(ACCOUNTS));
    try (UpgradeTestbed bed =
        UpgradeTestbed.withBudget(dir.resolve("many"), accounts(ACCOUNTS), BUDGET)) {
      List<MigrationEvent> events = new ArrayList<>();
      bed.coordinator.addMigrationListener(events::add);
      bed.coordinator.scheduleUpgrade(
          toV2(2, "add_staking_stepped", true, sample(SampleJars.ADD_STAKING_STEPPED)));
      bed.produce();
      assertThat(bed.coordinator.userTransactionsPaused())
          .as("the activation block pauses")
          .isTrue();
      int blocks = 0;
      int migrationBlocks = 0;
      List<TxReceipt> pausedReceipts = new ArrayList<>();
      while (bed.coordinator.currentVersion().equals(V1_0)) {
        // A transfer in each block of the migration phase but its last (the validation phase's
        // last block swaps and would run it on 2.0.0: the end state would differ from the single
        // block's).
        boolean quiet =
            bed.coordinator
                .migrationStatus()
                .map(s -> s.validating() || s.keysDone() + 50 >= ACCOUNTS)
                .orElse(false);
        ExecutedBlock b = quiet ? bed.produce() : bed.produce("transfer acc1 acc2 1 #" + blocks);
        blocks++;
        assertThat(blocks).as("blocks used").isLessThan(100);
        if (b.block().header().runtimeVersion().equals(V1_0)) {
          pausedReceipts.addAll(b.receipts());
          MigrationStatus status = bed.coordinator.migrationStatus().orElseThrow();
          assertThat(status.usersPaused()).isTrue();
          assertThat(status.migration()).isEqualTo("add_staking_stepped");
          assertThat(status.blocksUsed()).isEqualTo(blocks);
          assertThat(status.keysPerBlock()).isEqualTo(BUDGET);
          if (!status.validating()) {
            migrationBlocks++;
            assertThat(status.keysDone()).isEqualTo(50L * blocks);
          } else {
            assertThat(status.keysDone()).as("keys read by the validation").isPositive();
          }
        }
      }
      assertThat(migrationBlocks + 1).as("990 accounts at 50 per block").isEqualTo(20);
      // Validation reads 2 keys per account (before, after), then 1 (sum after): 2,970 reads
      // at 100 a block, starting with the 20 keys left in the migration's last block.
      assertThat(blocks).as("migration and stepped validation").isEqualTo(50);
      assertThat(pausedReceipts)
          .hasSize(19)
          .allSatisfy(
              r -> {
                assertThat(r.success()).isFalse();
                assertThat(r.message()).contains("paused while upgrade 1 to 2.0.0 migrates");
              });
      assertThat(bed.coordinator.migrationStatus()).isEmpty();
      assertThat(bed.coordinator.userTransactionsPaused()).isFalse();
      assertThat(bed.chain.state().get(SteppedMigrationDriver.CURSOR_KEY)).isEmpty();
      assertThat(bed.runtimeContents()).isEqualTo(singleBlock);
      assertThat(events).first().isInstanceOf(MigrationEvent.Started.class);
      assertThat(events)
          .filteredOn(e -> e instanceof MigrationEvent.Completed)
          .singleElement()
          .satisfies(e -> assertThat(e.height()).isEqualTo(21));
      assertThat(events).filteredOn(e -> e instanceof MigrationEvent.Stepped).hasSize(49);
      assertThat(events)
          .last()
          .isInstanceOfSatisfying(
              MigrationEvent.Validated.class,
              v -> {
                assertThat(v.height()).isEqualTo(51);
                assertThat(v.keysRead()).isEqualTo(3L * ACCOUNTS);
              });
      assertThat(bed.events).last().isInstanceOf(UpgradeExecuted.class);
      assertThat(bed.coordinator.retainedUpgrades())
          .singleElement()
          .satisfies(u -> assertThat(u.activationHeight()).isEqualTo(2));
      assertThat(bed.meters.get("forkless.migration.steps").counter().count()).isEqualTo(49);
    }
  }

  @Test
  void anUnpausedPlanLetsThePreviousRuntimeServeUsersUntilTheSwap() {
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(dir, accounts(ACCOUNTS), BUDGET)) {
      bed.coordinator.scheduleUpgrade(toV11(2, "stepped_index", plugin("idx", SteppedIndex.class)));
      bed.produce();
      assertThat(bed.coordinator.userTransactionsPaused()).isFalse();
      int blocks = 0;
      while (bed.coordinator.currentVersion().equals(V1_0)) {
        ExecutedBlock b = bed.produce("transfer acc1 acc2 1 #" + blocks);
        blocks++;
        assertThat(b.receipts()).allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
      }
      assertThat(blocks).as("990 accounts at 50 per block").isEqualTo(20);
      assertThat(bed.runtimeContents().keySet().stream().filter(k -> k.startsWith(hex("idx/"))))
          .as("an index key per account")
          .hasSize(ACCOUNTS);
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "stepped_fail_first", SteppedFailAtFirstKey.class, 2, "injected failure at key 0"),
        Arguments.of(
            "stepped_fail_middle", SteppedFailAtKey250.class, 7, "injected failure at key 250"),
        Arguments.of("stepped_fail_last", SteppedFailAtEnd.class, 21, "at the last step"),
        Arguments.of(
            "stepped_bad_validation",
            SteppedFailingValidation.class,
            21,
            "injected validation failure"),
        Arguments.of(
            "stepped_bad_validation_step",
            SteppedFailingValidationStep.class,
            24,
            "injected validation failure at key 300"),
        Arguments.of(
            "stepped_stuck_validation", SteppedStuckValidation.class, 21, "made no progress"),
        Arguments.of("stepped_greedy", SteppedGreedy.class, 2, "overran its budget"),
        Arguments.of("stepped_stuck", SteppedStuck.class, 2, "made no progress"),
        Arguments.of("stepped_host_write", SteppedWritesHostKey.class, 2, "host"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aFailingMigrationFailsBackToThePreUpgradeStatePlusTheTransactionsSince(
      String migration, Class<?> extension, long failingHeight, String cause) {
    Map<String, String> reference;
    try (UpgradeTestbed ref = UpgradeTestbed.open(dir.resolve("ref"), accounts(ACCOUNTS), 3)) {
      ref.produce();
      for (long h = 2; h < failingHeight; h++) {
        ref.produce("transfer acc1 acc2 1 #" + h);
      }
      ref.produce();
      ref.produce();
      reference = ref.runtimeContents();
    }
    try (UpgradeTestbed bed =
        UpgradeTestbed.withBudget(dir.resolve("bed"), accounts(ACCOUNTS), BUDGET)) {
      bed.coordinator.scheduleUpgrade(toV2(2, migration, false, plugin(migration, extension)));
      bed.produce();
      for (long h = 2; h < failingHeight; h++) {
        ExecutedBlock b = bed.produce("transfer acc1 acc2 1 #" + h);
        assertThat(b.block().header().runtimeVersion()).isEqualTo(V1_0);
      }
      ExecutedBlock failing = bed.produce();
      assertThat(failing.block().height()).isEqualTo(failingHeight);
      assertThat(failing.block().header().runtimeVersion()).isEqualTo(V1_0);
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);
      assertThat(bed.coordinator.migrationStatus()).isEmpty();
      assertThat(bed.coordinator.history())
          .last()
          .satisfies(r -> assertThat(r.status()).isEqualTo(UpgradeStatus.FAILED));
      assertThat(bed.events)
          .last()
          .isInstanceOfSatisfying(
              UpgradeFailed.class,
              e -> {
                assertThat(e.height()).isEqualTo(failingHeight);
                assertThat(e.cause()).contains(cause);
              });
      ExecutedBlock next = bed.produce();
      assertThat(bed.coordinator.reexecutedReceipts(next.block().height()))
          .hasSize((int) (failingHeight - 2))
          .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
      assertThat(bed.runtimeContents()).isEqualTo(reference);
      assertThat(bed.chain.state().get(SteppedMigrationDriver.CURSOR_KEY)).isEmpty();
      assertThat(LifecycleRecords.migrating(bed.chain.state())).isEmpty();
      assertThat(bed.coordinator.snapshotCount()).isZero();
      assertThat(bed.store.snapshots()).as("the failed upgrade's snapshot is released").isEmpty();
    }
  }

  @Test
  void aPausedPlanThatFailsByItselfStillFailsBackInTheFailingBlock() {
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(dir, accounts(ACCOUNTS), BUDGET)) {
      Map<String, String> before = bed.runtimeContents();
      bed.coordinator.scheduleUpgrade(
          toV2(2, "stepped_fail_middle", true, plugin("fail", SteppedFailAtKey250.class)));
      while (bed.coordinator.pendingUpgrade().isPresent()) {
        bed.produce();
        assertThat(bed.height()).isLessThan(20);
      }
      assertThat(bed.height()).isEqualTo(7);
      assertThat(FailingBack.read(bed.chain.state())).isEmpty();
      assertThat(bed.coordinator.failsBackInNextBlock()).isFalse();
      assertThat(bed.runtimeContents()).isEqualTo(before);
      assertThat(bed.store.snapshots()).isEmpty();
    }
  }

  @Test
  void aRollbackIsRefusedBetweenAFailureAndItsFailBackAndAcceptedAfter() {
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(dir, accounts(ACCOUNTS), BUDGET)) {
      Map<String, String> genesis = bed.runtimeContents();
      bed.coordinator.scheduleUpgrade(V1_1, sample(SampleJars.RUNTIME_1_1_0), 1, Optional.empty());
      bed.produce();
      bed.coordinator.scheduleUpgrade(
          new UpgradeRequest(
              V2_0,
              sample(SampleJars.RUNTIME_2_0_0),
              3,
              Optional.of(new MigrationPlan(V1_1, V2_0, List.of("stepped_fail_middle"), 60, false)),
              List.of(plugin("fail", SteppedFailAtKey250.class)),
              OptionalLong.empty()));
      while (bed.coordinator.pendingUpgrade().isPresent()) {
        bed.produce();
        assertThat(bed.height()).isLessThan(20);
      }
      long failed = bed.height();
      assertThat(FailingBack.read(bed.chain.state()))
          .hasValueSatisfying(f -> assertThat(f.failedHeight()).isEqualTo(failed));
      assertThat(bed.coordinator.hasRollbackSnapshot(1)).isTrue();
      assertThat(bed.coordinator.hasRollbackSnapshot(2)).as("kept for the fail-back").isTrue();
      assertThatThrownBy(bed.coordinator::rollbackUpgrade)
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("upgrade 2 failed at height " + failed);
      bed.produce();
      assertThat(FailingBack.read(bed.chain.state())).isEmpty();
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_1);
      bed.coordinator.rollbackUpgrade();
      bed.produce();
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);
      assertThat(bed.runtimeContents()).isEqualTo(genesis);
    }
  }

  @Test
  void aCancelMidMigrationFailsBackInTheNextBlock() {
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(dir, accounts(ACCOUNTS), BUDGET)) {
      Map<String, String> before = bed.runtimeContents();
      bed.coordinator.scheduleUpgrade(
          toV2(2, "stepped_ok", true, plugin("ok", SteppedRewrite.class)));
      bed.produce();
      bed.produce();
      bed.produce();
      assertThat(bed.coordinator.migrationStatus()).isPresent();
      UpgradeRecord requested = bed.coordinator.cancelUpgrade();
      assertThat(requested.id()).isEqualTo(1);
      ExecutedBlock cancelled = bed.produce();
      assertThat(cancelled.block().header().runtimeVersion()).isEqualTo(V1_0);
      assertThat(bed.coordinator.migrationStatus()).isEmpty();
      assertThat(bed.coordinator.pendingUpgrade()).isEmpty();
      assertThat(bed.events).last().isInstanceOf(UpgradeCancelled.class);
      assertThat(bed.runtimeContents()).isEqualTo(before);
      assertThat(bed.store.snapshots()).isEmpty();
    }
  }

  @Test
  void aCancelRacingTheFinalStepWinsBecauseItComesFirstInTheBlock() {
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(dir, accounts(ACCOUNTS), BUDGET)) {
      Map<String, String> before = bed.runtimeContents();
      bed.coordinator.scheduleUpgrade(
          toV2(2, "stepped_ok", true, plugin("ok", SteppedRewrite.class)));
      bed.produce();
      bed.produce();
      while (bed.coordinator.migrationStatus().orElseThrow().keysDone() < ACCOUNTS - 50) {
        bed.produce();
      }
      // The next block's share would finish the plan; the cancel is decided before it runs.
      bed.coordinator.cancelUpgrade();
      ExecutedBlock last = bed.produce();
      assertThat(last.block().header().runtimeVersion()).isEqualTo(V1_0);
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);
      assertThat(bed.runtimeContents()).isEqualTo(before);
      assertThat(bed.coordinator.history())
          .last()
          .satisfies(r -> assertThat(r.status()).isEqualTo(UpgradeStatus.CANCELLED));
    }
  }

  @Test
  void aRollbackOfTheUpgradeBeforeIsRefusedWhileAMigrationRuns() {
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(dir, accounts(100), 10)) {
      bed.coordinator.scheduleUpgrade(V1_1, sample(SampleJars.RUNTIME_1_1_0), 1, Optional.empty());
      bed.produce();
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_1);
      bed.coordinator.scheduleUpgrade(
          new UpgradeRequest(
              V2_0,
              sample(SampleJars.RUNTIME_2_0_0),
              3,
              Optional.of(new MigrationPlan(V1_1, V2_0, List.of("stepped_ok"), 60, true)),
              List.of(plugin("ok", SteppedRewrite.class)),
              OptionalLong.empty()));
      bed.produce();
      bed.produce();
      assertThat(bed.coordinator.migrationStatus()).isPresent();
      assertThatThrownBy(bed.coordinator::rollbackUpgrade)
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("while upgrade 2 is migrating");
    }
  }

  @Test
  void aRestartedNodeResumesFromTheCommittedCursorAndReachesTheSameRoots() {
    List<String> uninterrupted = new ArrayList<>();
    RuntimeCode shared = plugin("ok", SteppedRewrite.class);
    try (UpgradeTestbed bed =
        UpgradeTestbed.withBudget(dir.resolve("a"), accounts(ACCOUNTS), BUDGET)) {
      bed.coordinator.scheduleUpgrade(toV2(2, "stepped_ok", true, shared));
      for (int i = 0; i < 24; i++) {
        uninterrupted.add(bed.produce().block().header().stateRoot().toString());
      }
    }
    List<String> restarted = new ArrayList<>();
    Path data = dir.resolve("b");
    UpgradeRequest request = toV2(2, "stepped_ok", true, shared);
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(data, accounts(ACCOUNTS), BUDGET)) {
      bed.coordinator.scheduleUpgrade(request);
      for (int i = 0; i < 7; i++) {
        restarted.add(bed.produce().block().header().stateRoot().toString());
      }
    }
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(data, accounts(ACCOUNTS), BUDGET)) {
      assertThat(bed.coordinator.migrationStatus())
          .hasValueSatisfying(s -> assertThat(s.blocksUsed()).isEqualTo(6));
      // An embedder's schedule is in memory: it stages the same upgrade again, which resumes.
      bed.coordinator.scheduleUpgrade(request);
      for (int i = 7; i < 24; i++) {
        restarted.add(bed.produce().block().header().stateRoot().toString());
      }
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V2_0);
    }
    assertThat(restarted).isEqualTo(uninterrupted);
  }

  @Test
  void aNodeRestartedDuringTheSteppedValidationResumesItAndReachesTheSameRoots() {
    List<String> uninterrupted = new ArrayList<>();
    try (UpgradeTestbed bed =
        UpgradeTestbed.withBudget(dir.resolve("a"), accounts(ACCOUNTS), BUDGET)) {
      bed.coordinator.scheduleUpgrade(
          toV2(2, "add_staking_stepped", true, sample(SampleJars.ADD_STAKING_STEPPED)));
      while (!bed.coordinator.currentVersion().equals(V2_0)) {
        uninterrupted.add(bed.produce().block().header().stateRoot().toString());
      }
    }
    List<String> restarted = new ArrayList<>();
    Path data = dir.resolve("b");
    UpgradeRequest request =
        toV2(2, "add_staking_stepped", true, sample(SampleJars.ADD_STAKING_STEPPED));
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(data, accounts(ACCOUNTS), BUDGET)) {
      bed.coordinator.scheduleUpgrade(request);
      for (int i = 0; i < 30; i++) {
        restarted.add(bed.produce().block().header().stateRoot().toString());
      }
      assertThat(bed.coordinator.migrationStatus())
          .hasValueSatisfying(s -> assertThat(s.validating()).isTrue());
    }
    try (UpgradeTestbed bed = UpgradeTestbed.withBudget(data, accounts(ACCOUNTS), BUDGET)) {
      bed.coordinator.scheduleUpgrade(request);
      while (!bed.coordinator.currentVersion().equals(V2_0)) {
        restarted.add(bed.produce().block().header().stateRoot().toString());
      }
    }
    assertThat(restarted).isEqualTo(uninterrupted);
  }

  private static String hex(String text) {
    return com.google.common.hash.HashCode.fromBytes(
            text.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .toString();
  }
}
