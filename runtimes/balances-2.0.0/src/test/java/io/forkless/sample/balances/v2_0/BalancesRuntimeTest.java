package io.forkless.sample.balances.v2_0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.sample.balances.v1_0.Codec;
import io.forkless.testing.Accounts;
import io.forkless.testing.Accounts.Account;
import io.forkless.testing.MemoryState;
import io.forkless.testing.TestHostFunctions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BalancesRuntimeTest {

  private static final String CHAIN = "test-chain";
  private static final BlockContext BLOCK = TestHostFunctions.block(CHAIN, 9);
  private static final Account ALICE = Accounts.dev("alice");
  private static final Account CAROL = Accounts.dev("carol");
  private final BalancesRuntime runtime = new BalancesRuntime();
  private MemoryState state;
  private long nonce;

  @BeforeEach
  void genesis() {
    state = new MemoryState();
    runtime.initGenesis(state, Accounts.devGenesis(Map.of("alice", 100L, "bob", 50L)));
  }

  /** Applies a call of alice with her next nonce (consumed only on success). */
  private Receipt apply(String call) {
    Receipt r = runtime.apply(state, BLOCK, ALICE.sign(CHAIN, nonce, call));
    if (r.success() || r.keepWrites()) {
      nonce++;
    }
    return r;
  }

  private long[] account(Account who) {
    byte[] v = state.get(Codec.accountKey(who.publicKey())).orElseThrow();
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
  void stakeAndUnstakeMoveFundsKeepTotalSupplyAndShowInQueries() {
    assertThat(apply("stake 30 #1")).isEqualTo(Receipt.ok());
    assertThat(account(ALICE)).containsExactly(70, 30);
    assertThat(apply("unstake 10")).isEqualTo(Receipt.ok());
    assertThat(account(ALICE)).containsExactly(80, 20);
    assertThat(runtime.invariants(state)).containsEntry("totalSupply", "150");
    assertThat(
            new String(
                runtime.query(state, "account alice".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII))
        .endsWith("\"nonce\":2,\"balance\":80,\"staked\":20}");
  }

  @Test
  void transfersSpendOnlyTheUnstakedBalanceAndKeepTheStake() {
    apply("stake 60");
    assertThat(apply("transfer bob 50").message()).contains("insufficient funds");
    assertThat(apply("transfer_memo " + CAROL.hex() + " 40 hello").success()).isTrue();
    assertThat(account(ALICE)).containsExactly(0, 60);
    assertThat(account(CAROL)).containsExactly(40, 0);
  }

  @Test
  void rejectsBadStakingTransactionsWithoutWrites() {
    long[] before = account(ALICE);
    assertThat(apply("stake 101").message()).isEqualTo("insufficient balance to move 101");
    assertThat(apply("unstake 1").message()).isEqualTo("insufficient stake to move 1");
    assertThat(apply("stake alice 1").message()).contains("malformed stake");
    assertThat(apply("unstake zero").message()).contains("positive integer");
    assertThat(runtime.apply(state, BLOCK, CAROL.sign(CHAIN, 0, "stake 1")).message())
        .startsWith("unknown account");
    assertThat(account(ALICE)).containsExactly(before);
    assertThat(nonce).as("each failure used a nonce").isEqualTo(4);
  }

  @Test
  void refusesToReadLayout1RecordsSoAMissingMigrationIsLoud() {
    MemoryState old = new MemoryState();
    new io.forkless.sample.balances.v1_0.BalancesRuntime()
        .initGenesis(old, Accounts.devGenesis(Map.of("alice", 5L)));
    assertThatThrownBy(() -> runtime.invariants(old))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("layout 2");
  }
}
