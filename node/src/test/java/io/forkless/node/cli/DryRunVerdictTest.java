package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.host.upgrade.UpgradeRequest;
import io.forkless.node.cli.verdict.NoOpMigration;
import io.forkless.node.cli.verdict.ThrowingMigration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code forkless migrate --dry-run} and the activation block run the same unit ({@code
 * UpgradeActivation}): on the same state, the dry run's verdict is the activation's, for a plan
 * that passes and for plans that fail in the migration or in the checks after it.
 */
class DryRunVerdictTest {

  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("add_staking", null, true),
        Arguments.of("throwing", ThrowingMigration.class, false),
        Arguments.of("no_op", NoOpMigration.class, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void theDryRunsVerdictIsTheActivationsOnTheSameState(
      String migration, Class<?> extension, boolean passes) throws IOException {
    DryRunBed bed = new DryRunBed(dir, SampleJars.addStaking(), migration, extension, null);
    Cli dryRun = bed.dryRun();

    List<UpgradeEvent> events = new ArrayList<>();
    try (ForklessHost host = bed.open()) {
      host.coordinator().addListener(events::add);
      host.coordinator()
          .scheduleUpgrade(
              new UpgradeRequest(
                  V2,
                  new RuntimeCode(bed.v2, DryRunBed.sha(bed.v2)),
                  host.chain().head().height() + 1,
                  Optional.of(new MigrationPlan(V1, V2, List.of(migration), 60, false)),
                  List.of(new RuntimeCode(bed.plugin, DryRunBed.sha(bed.plugin))),
                  OptionalLong.empty()));
      host.producer().produceBlock().orElseThrow();
    }
    UpgradeEvent outcome = events.get(events.size() - 1);
    boolean activated = outcome instanceof UpgradeEvent.UpgradeExecuted;

    assertThat(dryRun.exitCode() == 0)
        .as("dry run verdict (%s%s) vs activation %s", dryRun.out(), dryRun.err(), outcome)
        .isEqualTo(activated)
        .isEqualTo(passes);
    if (outcome instanceof UpgradeEvent.UpgradeFailed failed) {
      assertThat(dryRun.out() + dryRun.err())
          .as("the dry run names the activation's cause")
          .contains(CliException.oneLine(failed.cause()));
    }
  }
}
