package io.forkless.host.upgrade;

import static io.forkless.host.upgrade.UpgradeTestbed.accounts;
import static io.forkless.host.upgrade.UpgradeTestbed.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.StepShare;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeFailed;
import io.forkless.testplugins.SteppedIndex;
import io.forkless.testplugins.SteppedLayout2;
import io.forkless.testplugins.SteppedSpin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stepped migration's share of the block's metered steps (#16 item 1 with #13's metering). */
class SteppedShareTest {

  private static final RuntimeVersion V1_0 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V1_1 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2_0 = RuntimeVersion.of(2, 0, 0);
  private static final int ACCOUNTS = 990;
  private static final long GENEROUS_KEYS = 1_000_000;
  // About 500 of the 990 accounts' steps: the migration phase takes 2 blocks.
  private static final long SMALL_BLOCK = 200_000;
  // 20 transfers fit (about 18,000 steps each), but not next to the share of 75 %.
  private static final long USERS_BLOCK = 400_000;
  private static final int TRANSFERS = 20;

  @TempDir Path dir;

  private static MeteringLimits limits(long blockSteps) {
    MeteringLimits d = MeteringLimits.DEFAULT;
    return new MeteringLimits(
        Math.min(d.txSteps(), blockSteps),
        blockSteps,
        d.maxCallDepth(),
        d.txMemoryBytes(),
        d.loadSteps(),
        d.migrationSteps());
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

  private static UpgradeRequest addStakingStepped(boolean pause) {
    return new UpgradeRequest(
        V2_0,
        sample(SampleJars.RUNTIME_2_0_0),
        2,
        Optional.of(new MigrationPlan(V1_0, V2_0, List.of("add_staking_stepped"), 60, pause)),
        List.of(sample(SampleJars.ADD_STAKING_STEPPED)),
        OptionalLong.empty());
  }

  private static String[] transfers(int count, String tag) {
    String[] txs = new String[count];
    for (int i = 0; i < count; i++) {
      txs[i] = "transfer acc1 acc2 1 #" + tag + "/" + i;
    }
    return txs;
  }

  @Test
  void theStepShareStopsStepsBeforeAGenerousKeyBudgetAndTheEndStateIsTheSingleBlocks() {
    Map<String, String> singleBlock =
        UpgradeTestbed.singleBlockAddStaking(dir.resolve("one"), accounts(ACCOUNTS));
    long share = StepShare.of(limits(SMALL_BLOCK)).share();
    assertThat(share).isEqualTo(SMALL_BLOCK * 3 / 4);
    try (UpgradeTestbed bed =
        UpgradeTestbed.withLimits(
            dir.resolve("many"), accounts(ACCOUNTS), GENEROUS_KEYS, limits(SMALL_BLOCK))) {
      bed.coordinator.scheduleUpgrade(addStakingStepped(true));
      bed.produce();
      int blocks = 0;
      int migrationBlocks = 0;
      while (bed.coordinator.currentVersion().equals(V1_0)) {
        boolean validating =
            bed.coordinator.migrationStatus().map(MigrationStatus::validating).orElse(false);
        bed.produce();
        blocks++;
        assertThat(blocks).as("blocks used").isLessThan(100);
        long steps = bed.coordinator.migrationStepsThisBlock();
        assertThat(steps).as("steps of the share").isPositive().isLessThanOrEqualTo(2 * share);
        Optional<MigrationStatus> status = bed.coordinator.migrationStatus();
        if (status.isPresent()) {
          // A block that goes on stopped because its share was used, never its (generous) keys.
          assertThat(steps).isGreaterThanOrEqualTo(share);
          assertThat(status.get().keysPerBlock()).isEqualTo(GENEROUS_KEYS);
        }
        if (!validating) {
          migrationBlocks++;
        }
      }
      // The key budget alone would migrate (and validate) the 990 accounts in the first block.
      assertThat(migrationBlocks).as("blocks of the migration phase").isGreaterThan(1);
      assertThat(blocks).isGreaterThan(migrationBlocks);
      assertThat(bed.runtimeContents()).isEqualTo(singleBlock);
      assertThat(bed.chain.state().get(SteppedMigrationDriver.CURSOR_KEY)).isEmpty();
    }
  }

  @Test
  void aStepThatBurnsMoreThanTwiceItsStepShareFailsTheUpgradeAndFailsBack() {
    long share = StepShare.of(limits(SMALL_BLOCK)).share();
    try (UpgradeTestbed bed =
        UpgradeTestbed.withLimits(dir, accounts(ACCOUNTS), GENEROUS_KEYS, limits(SMALL_BLOCK))) {
      Map<String, String> before = bed.runtimeContents();
      bed.coordinator.scheduleUpgrade(
          new UpgradeRequest(
              V1_1,
              sample(SampleJars.RUNTIME_1_1_0),
              2,
              Optional.of(new MigrationPlan(V1_0, V1_1, List.of("stepped_spin"), 60, false)),
              List.of(plugin("spin", SteppedSpin.class)),
              OptionalLong.empty()));
      bed.produce();
      ExecutedBlock failing = bed.produce();
      assertThat(failing.block().height()).isEqualTo(2);
      assertThat(bed.coordinator.migrationStepsThisBlock())
          .as("the step was stopped at twice the share")
          .isEqualTo(2 * share);
      assertThat(bed.events)
          .last()
          .isInstanceOfSatisfying(
              UpgradeFailed.class,
              e ->
                  assertThat(e.cause())
                      .contains("used more than twice its share of " + share + " steps")
                      .contains("75 % of the chain parameter metering.blockSteps, " + SMALL_BLOCK)
                      .contains("return its cursor once budgetExhausted() is true"));
      while (bed.coordinator.pendingUpgrade().isPresent()
          || bed.coordinator.failsBackInNextBlock()) {
        bed.produce();
        assertThat(bed.height()).isLessThan(10);
      }
      bed.produce();
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);
      assertThat(bed.coordinator.migrationStatus()).isEmpty();
      assertThat(bed.chain.state().get(SteppedMigrationDriver.CURSOR_KEY)).isEmpty();
      assertThat(LifecycleRecords.migrating(bed.chain.state())).isEmpty();
      assertThat(bed.runtimeContents()).as("nothing of the spin's write is kept").isEqualTo(before);
      assertThat(bed.store.snapshots()).isEmpty();
    }
  }

  @Test
  void usersOfAnUnpausedMigrationBlockGetTheBlockBudgetLessTheSharesSteps() {
    // An index beside the accounts: the previous runtime serves users meanwhile.
    UpgradeRequest index =
        new UpgradeRequest(
            V1_1,
            sample(SampleJars.RUNTIME_1_1_0),
            2,
            Optional.of(new MigrationPlan(V1_0, V1_1, List.of("stepped_index"), 60, false)),
            List.of(plugin("idx", SteppedIndex.class)),
            OptionalLong.empty());
    try (UpgradeTestbed bed =
            UpgradeTestbed.withLimits(
                dir.resolve("producer"), accounts(ACCOUNTS), GENEROUS_KEYS, limits(USERS_BLOCK));
        UpgradeTestbed follower =
            UpgradeTestbed.withLimits(
                dir.resolve("follower"), accounts(ACCOUNTS), GENEROUS_KEYS, limits(USERS_BLOCK))) {
      bed.coordinator.scheduleUpgrade(index);
      follower.coordinator.scheduleUpgrade(index);
      ExecutedBlock ordinary = bed.produce(transfers(TRANSFERS, "a"));
      assertThat(ordinary.receipts())
          .as("an ordinary block fits them all")
          .hasSize(TRANSFERS)
          .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
      ExecutedBlock migrating = bed.produce(transfers(TRANSFERS, "b"));
      assertThat(bed.coordinator.migrationStatus()).as("the migration goes on").isPresent();
      assertThat(migrating.block().header().runtimeVersion()).isEqualTo(V1_0);
      long steps = bed.coordinator.migrationStepsThisBlock();
      assertThat(steps).isGreaterThanOrEqualTo(StepShare.of(limits(USERS_BLOCK)).share());
      long ok = migrating.receipts().stream().filter(r -> r.success()).count();
      assertThat(ok)
          .as("fewer fit next to the share of %s: %s", steps, migrating.receipts())
          .isPositive()
          .isLessThan(TRANSFERS);
      assertThat(migrating.receipts())
          .filteredOn(r -> !r.success())
          .allSatisfy(r -> assertThat(r.message()).contains("out of steps (block budget)"))
          .last()
          .satisfies(
              r ->
                  assertThat(r.message())
                      .contains(
                          "the block's "
                              + USERS_BLOCK
                              + " steps are spent ("
                              + steps
                              + " by the migration's share)"));
      // Another node importing the blocks cuts its users' budget at the same transaction.
      for (long h = 1; h <= bed.height(); h++) {
        ExecutedBlock imported = follower.chain.importBlock(bed.chain.block(h).orElseThrow());
        assertThat(imported.receipts()).isEqualTo(bed.chain.receipts(h).orElseThrow());
      }
      assertThat(follower.chain.stateRoot()).isEqualTo(bed.chain.stateRoot());
    }
  }
}
