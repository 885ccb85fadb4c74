package io.forkless.sample.balances.v1_1;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancesRuntimeTest {

  private static final BlockContext BLOCK = new BlockContext(5, 0);
  private final BalancesRuntime runtime = new BalancesRuntime();

  private Receipt apply(MemoryState state, io.forkless.api.Runtime r, String tx) {
    return r.apply(state, BLOCK, tx.getBytes(StandardCharsets.US_ASCII));
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
  void readsAndWritesExactlyWhat100Writes() {
    MemoryState old = new MemoryState();
    MemoryState now = new MemoryState();
    new io.forkless.sample.balances.v1_0.BalancesRuntime().initGenesis(old, Map.of("alice", 10L));
    runtime.initGenesis(now, Map.of("alice", 10L));
    assertThat(now.sameContentAs(old)).isTrue();
    apply(old, new io.forkless.sample.balances.v1_0.BalancesRuntime(), "transfer alice bob 3");
    apply(now, runtime, "transfer alice bob 3");
    assertThat(now.sameContentAs(old)).isTrue();
  }

  @Test
  void transferWithMemoMovesFundsAndEchoesTheMemo() {
    MemoryState state = new MemoryState();
    runtime.initGenesis(state, Map.of("alice", 10L));
    Receipt receipt = apply(state, runtime, "transfer_memo alice bob 4 rent for may #7");
    assertThat(receipt).isEqualTo(Receipt.ok("memo: rent for may"));
    assertThat(runtime.invariants(state))
        .containsEntry("totalSupply", "10")
        .containsEntry("accountCount", "2");
  }

  @Test
  void rejectsMissingOrOversizedMemoAndStillRejectsWhat100Rejects() {
    MemoryState state = new MemoryState();
    runtime.initGenesis(state, Map.of("alice", 10L));
    MemoryState before = state.copy();
    assertThat(apply(state, runtime, "transfer_memo alice bob 4").message()).contains("malformed");
    assertThat(apply(state, runtime, "transfer_memo alice bob 4 " + "x".repeat(141)).message())
        .contains("memo must be");
    assertThat(apply(state, runtime, "transfer_memo alice bob 40 hi").message())
        .contains("insufficient");
    assertThat(apply(state, runtime, "stake alice 1").message())
        .contains("unknown transaction kind");
    assertThat(state.sameContentAs(before)).isTrue();
  }
}
