package io.forkless.sample.balances.v1_1;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.testing.Accounts;
import io.forkless.testing.Accounts.Account;
import io.forkless.testing.MemoryState;
import io.forkless.testing.TestHostFunctions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancesRuntimeTest {

  private static final String CHAIN = "test-chain";
  private static final BlockContext BLOCK = TestHostFunctions.block(CHAIN, 5);
  private static final Account ALICE = Accounts.dev("alice");
  private static final Map<String, Object> GENESIS =
      Accounts.devGenesis(Map.of("alice", 10L, "bob", 0L));
  private final BalancesRuntime runtime = new BalancesRuntime();

  private Receipt apply(MemoryState state, io.forkless.api.Runtime r, long nonce, String call) {
    return r.apply(state, BLOCK, ALICE.sign(CHAIN, nonce, call));
  }

  @Test
  void isACompatibleUpgradeWithTheSameLayout() {
    var previous = new io.forkless.sample.balances.v1_0.BalancesRuntime();
    assertThat(runtime.version()).isEqualTo(RuntimeVersion.of(1, 1, 0));
    assertThat(runtime.version().isCompatible(previous.version())).isTrue();
    assertThat(previous.version().canUpgradeTo(runtime.version())).isTrue();
    assertThat(runtime.stateLayoutVersion()).isEqualTo(previous.stateLayoutVersion());
  }

  @Test
  void readsAndWritesExactlyWhat100WritesWithTheSameKeysAndNonces() {
    MemoryState old = new MemoryState();
    MemoryState now = new MemoryState();
    new io.forkless.sample.balances.v1_0.BalancesRuntime().initGenesis(old, GENESIS);
    runtime.initGenesis(now, GENESIS);
    assertThat(now.sameContentAs(old)).isTrue();
    apply(old, new io.forkless.sample.balances.v1_0.BalancesRuntime(), 0, "transfer bob 3");
    // A transaction signed before the upgrade (nonce 1) is valid after it.
    byte[] signedEarlier = ALICE.sign(CHAIN, 1, "transfer bob 2");
    apply(now, runtime, 0, "transfer bob 3");
    new io.forkless.sample.balances.v1_0.BalancesRuntime().apply(old, BLOCK, signedEarlier);
    assertThat(runtime.apply(now, BLOCK, signedEarlier).success()).isTrue();
    assertThat(now.sameContentAs(old)).isTrue();
  }

  @Test
  void transferWithMemoMovesFundsAndEchoesTheMemo() {
    MemoryState state = new MemoryState();
    runtime.initGenesis(state, GENESIS);
    Receipt receipt = apply(state, runtime, 0, "transfer_memo bob 4 rent for may #7");
    assertThat(receipt).isEqualTo(Receipt.ok("memo: rent for may"));
    assertThat(runtime.invariants(state))
        .containsEntry("totalSupply", "10")
        .containsEntry("accountCount", "2");
  }

  @Test
  void rejectsMissingOrOversizedMemoAndStillRejectsWhat100Rejects() {
    MemoryState state = new MemoryState();
    runtime.initGenesis(state, GENESIS);
    Map<String, String> before = runtime.invariants(state);
    assertThat(apply(state, runtime, 0, "transfer_memo bob 4").message()).contains("malformed");
    assertThat(apply(state, runtime, 1, "transfer_memo bob 4 " + "x".repeat(141)).message())
        .contains("memo must be");
    assertThat(apply(state, runtime, 2, "transfer_memo bob 40 hi").message())
        .contains("insufficient");
    assertThat(apply(state, runtime, 3, "stake 1").message()).contains("unknown transaction kind");
    assertThat(apply(state, runtime, 9, "transfer_memo bob 4 hi").message())
        .contains("out-of-order nonce 9: the sender's next nonce is 4");
    assertThat(runtime.invariants(state)).isEqualTo(before);
  }
}
