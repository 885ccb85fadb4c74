package io.forkless.host.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.testing.MemoryState;
import org.junit.jupiter.api.Test;

class StepShareTest {

  private static MeteringLimits block(long blockSteps) {
    return new MeteringLimits(1, blockSteps, 3, 4, 5, 1_000_000);
  }

  @Test
  void theShareIs75PercentOfTheBlocksStepsAndItsHardLimitTwiceThat() {
    assertThat(StepShare.of(block(1_000_000_000L)).share()).isEqualTo(750_000_000L);
    assertThat(StepShare.of(block(1_000_000_000L)).hardLimit()).isEqualTo(1_500_000_000L);
    assertThat(StepShare.of(block(199)).share()).as("rounded down").isEqualTo(149);
    assertThat(StepShare.of(block(1)).share()).as("at least a step").isEqualTo(1);
    assertThat(StepShare.of(block(Long.MAX_VALUE)).share())
        .as("no overflow")
        .isEqualTo(Long.MAX_VALUE / 100 * 75 + Long.MAX_VALUE % 100 * 75 / 100);
    assertThat(StepShare.of(block(Long.MAX_VALUE)).hardLimit()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aStepsMeterIsTwiceTheShareLessWhatTheBlockUsedWithinTheMigrationBudget() {
    StepShare share = StepShare.of(block(1_000));
    assertThat(share.callLimit(1_000_000)).isEqualTo(1_500);
    assertThat(share.callLimit(700)).as("the migration budget, when smaller").isEqualTo(700);
    Meter meter = Meter.of(share.callLimit(1_000_000), MeteringLimits.DEFAULT, "");
    meter.run(
        () ->
            share.measure(
                true,
                () -> {
                  meter.charge(800);
                  assertThat(share.used()).as("counted while it runs").isEqualTo(800);
                  assertThat(share.exhausted()).isTrue();
                  return null;
                }));
    assertThat(share.used()).isEqualTo(800);
    assertThat(share.callLimit(1_000_000)).isEqualTo(700);
  }

  @Test
  void aStepPastTwiceTheShareFailsNamingTheShareAndTheParameter() {
    StepShare share = StepShare.of(block(1_000));
    Meter meter = Meter.of(share.callLimit(1_000_000), MeteringLimits.DEFAULT, "");
    assertThatThrownBy(
            () ->
                meter.run(
                    () ->
                        share.measure(
                            true,
                            () -> {
                              meter.charge(1_501);
                              return null;
                            })))
        .isInstanceOf(ExecutionLimitError.class)
        .hasMessageContaining("used more than twice its share of 750 steps")
        .hasMessageContaining("75 % of the chain parameter metering.blockSteps, 1000")
        .hasMessageContaining("return its cursor once budgetExhausted() is true");
    assertThat(share.used()).isEqualTo(1_500);
    assertThat(share.overran()).isFalse();
  }

  @Test
  void theBlocksTransactionsGetWhatTheMigrationLeftNeverBelowZero() {
    MemoryState state = new MemoryState();
    MeteringParameters.write(state, block(1_000));
    assertThat(MeteredExecution.beginBlock(state).blockRemaining()).isEqualTo(1_000);
    assertThat(MeteredExecution.beginBlock(state, 600).blockRemaining()).isEqualTo(400);
    assertThat(MeteredExecution.beginBlock(state, 1_400).blockRemaining()).isZero();
    assertThatThrownBy(() -> MeteredExecution.beginBlock(state, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
