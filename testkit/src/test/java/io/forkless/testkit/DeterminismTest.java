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
              String dave = TestAccount.dev("dave").publicKeyHex();
              chain.block(
                  chain.tx("alice", "transfer bob 10"), chain.tx("bob", "transfer " + dave + " 5"));
              chain.upgrade(TestChainTest.V2_0, TestChainTest.ADD_STAKING);
              assertThat(chain.block(chain.tx("alice", "stake 100")))
                  .extracting(io.forkless.api.Receipt::success)
                  .containsExactly(true);
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
                      chain.block(chain.tx("alice", "transfer bob 1"));
                      chain.block(
                          chain.tx("alice", "transfer bob " + (2 + runs.getAndIncrement())));
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("block 2 differs");
  }
}
