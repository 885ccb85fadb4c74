package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.host.upgrade.UpgradeRequest;
import io.forkless.node.cli.verdict.NoOpSteppedMigration;
import io.forkless.node.cli.verdict.ThrowingSteppedMigration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dry run of a stepped plan against its real multi-block activation on the same state, at the
 * chain's budget (20 keys a block, recorded in genesis; the dry run reads it from the state): the
 * same verdict, the same cause, and as many blocks as the activation took.
 */
class SteppedDryRunVerdictTest {

  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("add_staking_stepped", null, true),
        Arguments.of("throwing_stepped", ThrowingSteppedMigration.class, false),
        Arguments.of("no_op_stepped", NoOpSteppedMigration.class, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void theDryRunsVerdictAndBlocksAreTheMultiBlockActivations(
      String migration, Class<?> extension, boolean passes) throws IOException {
    DryRunBed bed =
        new DryRunBed(
            dir, SampleJars.addStakingStepped(), migration, extension, new StepBudget(20));
    Cli dryRun = bed.dryRun("--json");
    JsonNode report = RpcClient.mapper().readTree(dryRun.out());

    List<UpgradeEvent> events = new ArrayList<>();
    long activation;
    long end;
    try (ForklessHost host = bed.open()) {
      host.coordinator().addListener(events::add);
      activation = host.chain().head().height() + 1;
      host.coordinator()
          .scheduleUpgrade(
              new UpgradeRequest(
                  V2,
                  new RuntimeCode(bed.v2, DryRunBed.sha(bed.v2)),
                  activation,
                  Optional.of(new MigrationPlan(V1, V2, List.of(migration), 60, true)),
                  List.of(new RuntimeCode(bed.plugin, DryRunBed.sha(bed.plugin))),
                  OptionalLong.empty()));
      do {
        host.producer().produceBlock().orElseThrow();
      } while (host.coordinator().pendingUpgrade().isPresent()
          && host.chain().head().height() < activation + 50);
      end = host.chain().head().height();
    }
    UpgradeEvent outcome = events.get(events.size() - 1);
    boolean activated = outcome instanceof UpgradeEvent.UpgradeExecuted;

    assertThat(report.get("stepBudgetKeys").asLong()).as("the chain's budget").isEqualTo(20);
    assertThat(dryRun.exitCode() == 0)
        .as("dry run verdict (%s%s) vs activation %s", dryRun.out(), dryRun.err(), outcome)
        .isEqualTo(activated)
        .isEqualTo(passes);
    if (outcome instanceof UpgradeEvent.UpgradeFailed failed) {
      assertThat(dryRun.out() + dryRun.err())
          .as("the dry run names the activation's cause")
          .contains(CliException.oneLine(failed.cause()));
    }
    if (passes) {
      assertThat(report.get("migrations").get(0).get("blocks").asLong())
          .as("blocks: dry run vs activation (heights %d..%d)", activation, end)
          .isEqualTo(end - activation + 1)
          // 50 accounts at 20 keys a block: 10 rewritten a block, then the stepped validation
          // reads 3 keys per account (150 reads).
          .isEqualTo(13);
    }
  }

  @Test
  void theDryRunsBlocksFollowTheChainsStepShareLikeTheActivations() throws IOException {
    // A generous key budget and a small block: the metered step share (75 % of blockSteps) bounds
    // each block's steps, on chain and in the dry run alike.
    MeteringLimits d = MeteringLimits.DEFAULT;
    MeteringLimits small =
        new MeteringLimits(
            8_000, 8_000, d.maxCallDepth(), d.txMemoryBytes(), d.loadSteps(), d.migrationSteps());
    DryRunBed bed =
        new DryRunBed(
            dir,
            SampleJars.addStakingStepped(),
            "add_staking_stepped",
            null,
            new StepBudget(10_000),
            small);
    Cli dryRun = bed.dryRun("--json");
    assertThat(dryRun.exitCode()).as("%s%s", dryRun.out(), dryRun.err()).isZero();
    JsonNode report = RpcClient.mapper().readTree(dryRun.out());
    assertThat(report.get("stepShareSteps").asLong())
        .as("75 % of the chain's 8,000")
        .isEqualTo(6_000);
    long activation;
    long end;
    try (ForklessHost host = bed.open()) {
      activation = host.chain().head().height() + 1;
      host.coordinator()
          .scheduleUpgrade(
              new UpgradeRequest(
                  V2,
                  new RuntimeCode(bed.v2, DryRunBed.sha(bed.v2)),
                  activation,
                  Optional.of(new MigrationPlan(V1, V2, List.of("add_staking_stepped"), 60, true)),
                  List.of(new RuntimeCode(bed.plugin, DryRunBed.sha(bed.plugin))),
                  OptionalLong.empty()));
      do {
        host.producer().produceBlock().orElseThrow();
      } while (host.coordinator().pendingUpgrade().isPresent()
          && host.chain().head().height() < activation + 50);
      assertThat(host.coordinator().currentVersion()).isEqualTo(V2);
      end = host.chain().head().height();
    }
    assertThat(report.get("migrations").get(0).get("blocks").asLong())
        .as("blocks: dry run vs activation (heights %d..%d)", activation, end)
        .isEqualTo(end - activation + 1)
        // 10,000 keys alone would take one block for the 50 accounts and their validation.
        .isGreaterThan(2);
  }
}
