package io.forkless.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  @Test
  void theSamplesUpgradeIsDeterministic() {
    Determinism.Outcome outcome =
        Determinism.assertDeterministic(
            () -> TestChainTest.balances(TestChainTest.V1_0).start(),
            chain -> {
              chain.block("transfer alice bob 10", "transfer bob dave 5");
              chain.upgrade(TestChainTest.V2_0, TestChainTest.ADD_STAKING);
              chain.block("stake alice 100");
            });

    assertThat(outcome.height()).isEqualTo(3);
    assertThat(outcome.stateRoot()).hasSize(64);
  }

  @Test
  void namesTheFirstBlockThatDiffersBetweenRuns() {
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Determinism.assertDeterministic(
                    () -> TestChainTest.balances(TestChainTest.V1_0).start(),
                    chain -> {
                      chain.block("transfer alice bob 1");
                      chain.block("transfer alice bob " + (2 + runs.getAndIncrement()));
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("block 2 differs");
  }
}
