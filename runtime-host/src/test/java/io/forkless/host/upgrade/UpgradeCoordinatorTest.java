package io.forkless.host.upgrade;

import static io.forkless.host.upgrade.UpgradeTestbed.accounts;
import static io.forkless.host.upgrade.UpgradeTestbed.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.loader.RuntimeRejectedException;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeFailed;
import io.forkless.testing.jar.TestJar;
import io.forkless.testplugins.FailAtFirstKey;
import io.forkless.testplugins.FailAtLastKey;
import io.forkless.testplugins.FailAtMiddleKey;
import io.forkless.testplugins.FailingValidation;
import io.forkless.testplugins.ForgesGovernance;
import io.forkless.testplugins.Layout2Rewrite;
import io.forkless.testplugins.MarkerOnly;
import io.forkless.testplugins.NoChange;
import io.forkless.testplugins.SupplyBreaking;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The coordinator on a real RocksDB with the real signed sample JARs in real loaders. */
class UpgradeCoordinatorTest {

  private static final RuntimeVersion V1_0 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V1_1 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2_0 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  private static MigrationPlan plan(RuntimeVersion from, String... names) {
    return new MigrationPlan(from, V2_0, List.of(names), 60, false);
  }

  private static UpgradeRequest toV2(
      long height, Optional<MigrationPlan> plan, RuntimeCode... plugins) {
    return new UpgradeRequest(
        V2_0,
        sample(SampleJars.RUNTIME_2_0_0),
        height,
        plan,
        List.of(plugins),
        OptionalLong.empty());
  }

  @Test
  void seedFlowSchedulesThenExecutesAtTheActivationBlock() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 100L, "bob", 0L), 3)) {
      long id =
          bed.coordinator.scheduleUpgrade(
              V1_1, sample(SampleJars.RUNTIME_1_1_0), 3, Optional.empty());
      assertThat(bed.coordinator.pendingUpgrade())
          .hasValueSatisfying(u -> assertThat(u.id()).isEqualTo(id));
      bed.produce();
      ExecutedBlock two = bed.produce("transfer alice bob 1");
      assertThat(two.block().header().runtimeVersion()).isEqualTo(V1_0);
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);

      ExecutedBlock three = bed.produce("transfer_memo alice bob 2 thanks");
      assertThat(three.block().header().runtimeVersion()).isEqualTo(V1_1);
      assertThat(three.block().header().runtimeCodeHash())
          .isEqualTo(sample(SampleJars.RUNTIME_1_1_0).codeHash());
      assertThat(three.receipts().get(0).success()).as(three.receipts().get(0).message()).isTrue();
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_1);
      assertThat(bed.coordinator.pendingUpgrade()).isEmpty();
      assertThat(bed.coordinator.history())
          .singleElement()
          .extracting(UpgradeRecord::status)
          .isEqualTo(UpgradeStatus.EXECUTED);
      assertThat(bed.events).hasSize(2);
      UpgradeExecuted executed = (UpgradeExecuted) bed.events.get(1);
      assertThat(executed.oldStateRoot()).isEqualTo(two.block().header().stateRoot());
      assertThat(executed.newStateRoot()).isEqualTo(three.block().header().stateRoot());
      assertThat(bed.meters.get("forkless.runtime.version.minor").gauge().value()).isEqualTo(1.0);
      assertThat(bed.meters.get("forkless.upgrades.executed").counter().count()).isEqualTo(1.0);
      assertThat(bed.meters.get("forkless.snapshots").gauge().value()).isEqualTo(1.0);
    }
  }

  @Test
  void anUpgradeWithoutMigrationKeepsTheRuntimeStateAndRecordsItsLifecycle() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 100L, "bob", 0L), 3)) {
      bed.coordinator.scheduleUpgrade(V1_1, sample(SampleJars.RUNTIME_1_1_0), 2, Optional.empty());
      bed.produce("transfer alice bob 1");
      Map<String, String> before = bed.runtimeContents();
      ExecutedBlock two = bed.produce();
      assertThat(two.block().header().runtimeVersion()).isEqualTo(V1_1);
      assertThat(bed.runtimeContents()).isEqualTo(before);
      // The lifecycle is chain state: the active runtime and the retained upgrade.
      assertThat(LifecycleRecords.activeRuntime(bed.chain.state()).orElseThrow().codeHash())
          .isEqualTo(sample(SampleJars.RUNTIME_1_1_0).codeHash());
      assertThat(bed.coordinator.retainedUpgrades())
          .singleElement()
          .satisfies(
              u -> {
                assertThat(u.activationHeight()).isEqualTo(2);
                assertThat(u.previousVersion()).isEqualTo(V1_0);
                assertThat(u.upgradedVersion()).isEqualTo(V1_1);
              });
    }
  }

  @Test
  void addStakingMigratesOneHundredThousandAccountsAtActivation() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, accounts(100_000), 3)) {
      Map<String, String> invariantsBefore =
          bed.coordinator.activeRuntime().runtime().invariants(bed.chain.state());
      bed.coordinator.scheduleUpgrade(
          toV2(2, Optional.of(plan(V1_0, "add_staking")), sample(SampleJars.ADD_STAKING)));
      bed.produce("transfer acc1 acc2 5");
      ExecutedBlock activation = bed.produce("stake acc7 500", "transfer acc3 acc4 10");

      assertThat(activation.block().header().runtimeVersion()).isEqualTo(V2_0);
      assertThat(activation.receipts())
          .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
      long[] migrated = new long[2];
      bed.chain
          .state()
          .scan(
              "acct/".getBytes(StandardCharsets.US_ASCII),
              (k, v) -> {
                migrated[0]++;
                if (v.length == 17 && v[0] == 2) {
                  migrated[1]++;
                }
              });
      assertThat(migrated[0]).isEqualTo(100_000);
      assertThat(migrated[1]).as("every account in layout 2").isEqualTo(100_000);
      assertThat(bed.coordinator.activeRuntime().runtime().invariants(bed.chain.state()))
          .isEqualTo(invariantsBefore);
      UpgradeExecuted executed = (UpgradeExecuted) bed.events.get(bed.events.size() - 1);
      assertThat(executed.migrations())
          .singleElement()
          .satisfies(m -> assertThat(m.keysWritten()).isEqualTo(100_000));
      assertThat(executed.newStateRoot()).isNotEqualTo(executed.oldStateRoot());
      assertThat(bed.chain.stateRoot()).isEqualTo(bed.store.recomputeStateRoot());
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("fail_first", FailAtFirstKey.class, V2_0, "injected failure at key 0"),
        Arguments.of("fail_middle", FailAtMiddleKey.class, V2_0, "injected failure at key 25"),
        Arguments.of("fail_last", FailAtLastKey.class, V2_0, "injected failure at key 49"),
        Arguments.of(
            "failing_validation", FailingValidation.class, V2_0, "injected validation failure"),
        Arguments.of(
            "supply_breaking", SupplyBreaking.class, V2_0, "invariant broken: totalSupply changed"),
        // 1.1.0 keeps the layout, so only the post-upgrade root check can notice nothing migrated.
        Arguments.of("no_change", NoChange.class, V1_1, "state not migrated"),
        Arguments.of(
            "forges_governance",
            ForgesGovernance.class,
            V2_0,
            "keys starting with byte 0x00 belong to the host"),
        Arguments.of(
            "marker_only", MarkerOnly.class, V2_0, "account record of layout 2 must be 17 bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aFailedUpgradeLeavesTheStateByteIdenticalAndTheOldRuntimeActive(
      String migration, Class<?> extension, RuntimeVersion target, String cause) {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, accounts(50), 3)) {
      RuntimeCode plugin = TestPlugins.plugin(dir, migration, extension, Layout2Rewrite.class);
      String jar = target.equals(V2_0) ? SampleJars.RUNTIME_2_0_0 : SampleJars.RUNTIME_1_1_0;
      bed.coordinator.scheduleUpgrade(
          new UpgradeRequest(
              target,
              sample(jar),
              2,
              Optional.of(new MigrationPlan(V1_0, target, List.of(migration), 60, false)),
              List.of(plugin),
              OptionalLong.empty()));
      bed.produce("transfer acc1 acc2 5");
      Map<String, String> before = bed.contents();
      var rootBefore = bed.chain.stateRoot();

      ExecutedBlock activation = bed.produce();

      assertThat(activation.block().header().runtimeVersion()).isEqualTo(V1_0);
      assertThat(bed.chain.stateRoot()).isEqualTo(rootBefore);
      assertThat(bed.contents()).isEqualTo(before);
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);
      assertThat(bed.coordinator.pendingUpgrade()).isEmpty();
      assertThat(bed.events.get(bed.events.size() - 1))
          .isInstanceOfSatisfying(UpgradeFailed.class, f -> assertThat(f.cause()).contains(cause));
      assertThat(bed.coordinator.history().get(0).status()).isEqualTo(UpgradeStatus.FAILED);
      assertThat(bed.meters.get("forkless.upgrades.failed").counter().count()).isEqualTo(1.0);
      assertThat(bed.store.snapshots()).as("a failed upgrade's snapshot is released").isEmpty();
      // The chain goes on with the old runtime.
      ExecutedBlock next = bed.produce("transfer acc3 acc4 7");
      assertThat(next.receipts().get(0).success()).isTrue();
      assertThat(next.block().header().runtimeVersion()).isEqualTo(V1_0);
    }
  }

  @Test
  void refusesAVersionTheActiveRuntimeCannotUpgradeTo() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      bed.coordinator.scheduleUpgrade(V1_1, sample(SampleJars.RUNTIME_1_1_0), 1, Optional.empty());
      bed.produce();
      assertThatThrownBy(
              () ->
                  bed.coordinator.scheduleUpgrade(
                      V1_0, sample(SampleJars.RUNTIME_1_0_0), 5, Optional.empty()))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("cannot upgrade from 1.1.0 to 1.0.0");
      assertThatThrownBy(
              () ->
                  bed.coordinator.scheduleUpgrade(
                      V1_1, sample(SampleJars.RUNTIME_1_1_0), 5, Optional.empty()))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("already active");
      assertThat(bed.coordinator.pendingUpgrade()).isEmpty();
    }
  }

  @Test
  void refusesARequestedVersionThatTheJarDoesNotDeclare() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      assertThatThrownBy(
              () ->
                  bed.coordinator.scheduleUpgrade(
                      RuntimeVersion.of(1, 2, 0),
                      sample(SampleJars.RUNTIME_1_1_0),
                      5,
                      Optional.empty()))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("the JAR declares version 1.1.0 but the upgrade asks for 1.2.0");
      assertThat(bed.registry.loadedCount()).as("the refused JAR was released").isEqualTo(1);
    }
  }

  @Test
  void refusesABreakingUpgradeWithoutAPlanWhenTheLayoutChanges() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      assertThatThrownBy(() -> bed.coordinator.scheduleUpgrade(toV2(5, Optional.empty())))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("changes the state layout from 1 to 2 and needs a migration plan");
    }
  }

  @Test
  void refusesAPlanNamingAMigrationNoVerifiedPluginProvides() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      assertThatThrownBy(
              () ->
                  bed.coordinator.scheduleUpgrade(toV2(5, Optional.of(plan(V1_0, "add_staking")))))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("no verified migration plugin provides [add_staking]");
    }
  }

  @Test
  void refusesAPlanWhoseVersionsDoNotMatch() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      assertThatThrownBy(
              () ->
                  bed.coordinator.scheduleUpgrade(
                      toV2(
                          5,
                          Optional.of(plan(V1_1, "add_staking")),
                          sample(SampleJars.ADD_STAKING))))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("migration plan starts from 1.1.0 but the active runtime is 1.0.0");
    }
  }

  @Test
  void refusesAnActivationBlockNotInTheFuture() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      bed.produce();
      assertThatThrownBy(
              () ->
                  bed.coordinator.scheduleUpgrade(
                      V1_1, sample(SampleJars.RUNTIME_1_1_0), 1, Optional.empty()))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("activation block 1 is not in the future (head is 1)");
    }
  }

  @Test
  void refusesASecondPendingUpgrade() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      bed.coordinator.scheduleUpgrade(V1_1, sample(SampleJars.RUNTIME_1_1_0), 4, Optional.empty());
      assertThatThrownBy(
              () ->
                  bed.coordinator.scheduleUpgrade(
                      toV2(
                          6,
                          Optional.of(plan(V1_0, "add_staking")),
                          sample(SampleJars.ADD_STAKING))))
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("upgrade 1 to 1.1.0 is already scheduled for height 4");
    }
  }

  @Test
  void refusesCodeThatFailsTheLoadersChecks() throws Exception {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      // The 1.1.0 JAR with one class changed after signing.
      TestJar tampered =
          TestJar.of(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_1_0)))
              .withEntryReplaced(
                  "io/forkless/sample/balances/v1_0/Codec.class", new byte[] {1, 2, 3});
      Path file = tampered.writeTo(dir.resolve("tampered.jar"));
      RuntimeCode code =
          new RuntimeCode(file, com.google.common.hash.HashCode.fromString(tampered.sha256Hex()));
      assertThatThrownBy(() -> bed.coordinator.scheduleUpgrade(V1_1, code, 5, Optional.empty()))
          .isInstanceOf(RuntimeRejectedException.class)
          .hasMessageContaining("Codec.class");
      assertThat(bed.coordinator.pendingUpgrade()).isEmpty();
    }
  }

  @Test
  void cancelDropsAScheduledUpgradeButNotAnExecutedOne() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      assertThatThrownBy(bed.coordinator::cancelUpgrade)
          .hasMessageContaining("no upgrade is scheduled");
      bed.coordinator.scheduleUpgrade(V1_1, sample(SampleJars.RUNTIME_1_1_0), 2, Optional.empty());
      assertThat(bed.coordinator.cancelUpgrade().status()).isEqualTo(UpgradeStatus.CANCELLED);
      assertThat(bed.events.get(1)).isInstanceOf(UpgradeEvent.UpgradeCancelled.class);
      bed.produce();
      bed.produce();
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);

      bed.coordinator.scheduleUpgrade(V1_1, sample(SampleJars.RUNTIME_1_1_0), 3, Optional.empty());
      bed.produce();
      assertThatThrownBy(bed.coordinator::cancelUpgrade)
          .isInstanceOf(UpgradeRefusedException.class)
          .hasMessageContaining("already executed; roll it back instead");
    }
  }

  @Test
  void rollbackMovesForwardRestoringThePreUpgradeStateAndReexecutingUnderTheOldRuntime() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, accounts(20), 3)) {
      bed.coordinator.scheduleUpgrade(
          toV2(2, Optional.of(plan(V1_0, "add_staking")), sample(SampleJars.ADD_STAKING)));
      bed.produce("transfer acc1 acc2 5");
      Map<String, String> preUpgrade = bed.runtimeContents();
      bed.produce("transfer acc3 acc4 1", "stake acc5 100");
      bed.produce("transfer acc6 acc7 2");
      bed.produce("transfer acc8 acc9 3 #x");
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V2_0);
      List<byte[]> blocksBefore = new java.util.ArrayList<>();
      List<List<io.forkless.host.chain.TxReceipt>> receiptsBefore = new java.util.ArrayList<>();
      for (long h = 0; h <= 4; h++) {
        blocksBefore.add(bed.chain.block(h).orElseThrow().encode());
        receiptsBefore.add(bed.chain.receipts(h).orElseThrow());
      }

      UpgradeCoordinator.Rollback rollback = bed.coordinator.rollbackUpgrade();
      assertThat(rollback.restoredHeight()).isEqualTo(1);
      assertThat(rollback.upgrade().to()).isEqualTo(V2_0);

      ExecutedBlock rolledBack = bed.produce();
      assertThat(rolledBack.block().height()).as("no height is reused").isEqualTo(5);
      assertThat(rolledBack.block().header().runtimeVersion()).isEqualTo(V1_0);
      assertThat(bed.runtimeContents()).isEqualTo(preUpgrade);
      assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);
      assertThat(bed.chain.activeRuntime().version()).isEqualTo(V1_0);
      assertThat(bed.events.get(bed.events.size() - 1))
          .isInstanceOfSatisfying(
              UpgradeEvent.UpgradeRolledBack.class,
              e -> {
                assertThat(e.height()).isEqualTo(5);
                assertThat(e.blocksSinceActivation()).isEqualTo(3);
                assertThat(e.requeuedTransactions()).isEqualTo(4);
              });

      ExecutedBlock again = bed.produce();
      assertThat(again.block().header().runtimeVersion()).isEqualTo(V1_0);
      var reexecuted = bed.coordinator.reexecutedReceipts(again.block().height());
      assertThat(reexecuted).hasSize(4);
      // Transfers succeed again under 1.0.0; the staking transaction is 1.0.0's own rejection.
      assertThat(reexecuted).filteredOn(r -> r.success()).hasSize(3);
      assertThat(reexecuted)
          .filteredOn(r -> !r.success())
          .singleElement()
          .satisfies(r -> assertThat(r.message()).contains("unknown transaction kind 'stake'"));
      for (long h = 0; h <= 4; h++) {
        assertThat(bed.chain.block(h).orElseThrow().encode())
            .as("block %d is final", h)
            .isEqualTo(blocksBefore.get((int) h));
        assertThat(bed.chain.receipts(h).orElseThrow()).isEqualTo(receiptsBefore.get((int) h));
      }
      assertThatThrownBy(bed.coordinator::rollbackUpgrade)
          .hasMessageContaining("no executed upgrade to roll back");
    }
  }

  @Test
  void fiftyUpgradeRollbackCyclesKeepLoadersAndSnapshotsBounded() {
    int maxSnapshots = 2;
    List<java.lang.ref.WeakReference<ClassLoader>> loaders = new java.util.ArrayList<>();
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1000L), maxSnapshots)) {
      for (int cycle = 0; cycle < 50; cycle++) {
        bed.coordinator.scheduleUpgrade(
            V1_1, sample(SampleJars.RUNTIME_1_1_0), bed.height() + 1, Optional.empty());
        bed.produce("transfer alice bob 1 #" + cycle);
        loaders.add(
            new java.lang.ref.WeakReference<>(bed.coordinator.activeRuntime().classLoader()));
        assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_1);
        bed.coordinator.rollbackUpgrade();
        bed.produce();
        assertThat(bed.coordinator.currentVersion()).isEqualTo(V1_0);
        assertThat(bed.store.snapshots().size()).isLessThanOrEqualTo(maxSnapshots + 1);
        assertThat(bed.coordinator.snapshotCount()).isLessThanOrEqualTo(maxSnapshots);
      }
      assertThat(bed.registry.loadedCount()).isLessThanOrEqualTo(maxSnapshots + 1);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .pollInterval(java.time.Duration.ofMillis(50))
          .until(
              () -> {
                System.gc();
                return loaders.stream().filter(r -> r.get() != null).count() <= maxSnapshots + 1;
              });
    }
  }

  @Test
  void aPlanThatRequiresPausePausesProductionForTheMigrationAndReportsProgress() {
    List<String> calls = new java.util.ArrayList<>();
    UpgradeCoordinator[] coordinator = new UpgradeCoordinator[1];
    ProductionControl control =
        new ProductionControl() {
          @Override
          public void pause() {
            calls.add("pause, paused for migration=" + coordinator[0].pausedForMigration());
          }

          @Override
          public void resume() {
            calls.add("resume");
          }
        };
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, accounts(1_000), control)) {
      coordinator[0] = bed.coordinator;
      List<long[]> progress = new java.util.ArrayList<>();
      bed.coordinator.addMigrationProgressListener(
          (name, done, total) -> {
            assertThat(name).isEqualTo("add_staking");
            progress.add(new long[] {done, total});
          });
      bed.coordinator.scheduleUpgrade(
          toV2(
              1,
              Optional.of(new MigrationPlan(V1_0, V2_0, List.of("add_staking"), 1, true)),
              sample(SampleJars.ADD_STAKING)));
      bed.produce();
      assertThat(calls).containsExactly("pause, paused for migration=true", "resume");
      assertThat(bed.coordinator.pausedForMigration()).isFalse();
      assertThat(progress).hasSize(1_000);
      assertThat(progress.get(999)).containsExactly(1_000, 1_000);
      UpgradeExecuted executed = (UpgradeExecuted) bed.events.get(1);
      assertThat(executed.estimatedDurationSecs()).isEqualTo(1);
      assertThat(executed.migrationDuration()).isPositive();
    }
  }
}
