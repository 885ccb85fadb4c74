package io.forkless.sample.balances.v2_0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.sample.balances.v1_0.Codec;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BalancesRuntimeTest {

  private static final BlockContext BLOCK = new BlockContext(9, 0);
  private final BalancesRuntime runtime = new BalancesRuntime();
  private MemoryState state;

  @BeforeEach
  void genesis() {
    state = new MemoryState();
    runtime.initGenesis(state, Map.of("alice", 100L, "bob", 50L));
  }

  private Receipt apply(String tx) {
    return runtime.apply(state, BLOCK, tx.getBytes(StandardCharsets.US_ASCII));
  }

  private long[] account(String name) {
    byte[] v = state.get(Codec.accountKey(name)).orElseThrow();
    assertThat(v).hasSize(17);
    assertThat(v[0]).isEqualTo((byte) 2);
    return new long[] {Codec.getLong(v, 1), Codec.getLong(v, 9)};
  }

  @Test
  void isABreakingUpgradeWithANewLayout() {
    RuntimeVersion v11 = RuntimeVersion.of(1, 1, 0);
    assertThat(runtime.version()).isEqualTo(RuntimeVersion.of(2, 0, 0));
    assertThat(runtime.version().isCompatible(v11)).isFalse();
    assertThat(v11.canUpgradeTo(runtime.version())).isTrue();
    assertThat(runtime.stateLayoutVersion()).isEqualTo(2);
  }

  @Test
  void stakeAndUnstakeMoveFundsAndKeepTotalSupply() {
    assertThat(apply("stake alice 30 #1")).isEqualTo(Receipt.ok());
    assertThat(account("alice")).containsExactly(70, 30);
    assertThat(apply("unstake alice 10")).isEqualTo(Receipt.ok());
    assertThat(account("alice")).containsExactly(80, 20);
    assertThat(runtime.invariants(state)).containsEntry("totalSupply", "150");
  }

  @Test
  void transfersSpendOnlyTheUnstakedBalanceAndKeepTheStake() {
    apply("stake alice 60");
    assertThat(apply("transfer alice bob 50").message()).contains("insufficient funds");
    assertThat(apply("transfer_memo alice carol 40 hello").success()).isTrue();
    assertThat(account("alice")).containsExactly(0, 60);
    assertThat(account("carol")).containsExactly(40, 0);
  }

  @Test
  void rejectsBadStakingTransactionsWithoutWrites() {
    MemoryState before = state.copy();
    assertThat(apply("stake alice 101").message()).contains("insufficient balance");
    assertThat(apply("unstake alice 1").message()).contains("insufficient stake");
    assertThat(apply("stake nobody 1").message()).contains("unknown account 'nobody'");
    assertThat(apply("stake alice").message()).contains("malformed stake");
    assertThat(apply("unstake alice zero").message()).contains("positive integer");
    assertThat(state.sameContentAs(before)).isTrue();
  }

  @Test
  void refusesToReadLayout1RecordsSoAMissingMigrationIsLoud() {
    MemoryState old = new MemoryState();
    new io.forkless.sample.balances.v1_0.BalancesRuntime().initGenesis(old, Map.of("alice", 5L));
    assertThatThrownBy(() -> runtime.invariants(old))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("layout 2");
  }
}
