package io.forkless.sample.balances.v1_0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.testing.MemoryState;
import io.forkless.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BalancesRuntimeTest {

  private static final BlockContext BLOCK = new BlockContext(1, 1_700_000_000_000L);
  private final BalancesRuntime runtime = new BalancesRuntime();
  private MemoryState state;

  @BeforeEach
  void genesis() {
    state = new MemoryState();
    runtime.initGenesis(state, Map.of("alice", 1000L, "bob", 500L));
  }

  private Receipt apply(String tx) {
    return runtime.apply(state, BLOCK, tx.getBytes(StandardCharsets.US_ASCII));
  }

  private long balance(String name) {
    return Codec.getLong(state.get(Codec.accountKey(name)).orElseThrow(), 0);
  }

  @Test
  void declaresVersionAndLayout() {
    assertThat(runtime.version()).isEqualTo(RuntimeVersion.of(1, 0, 0));
    assertThat(runtime.stateLayoutVersion()).isEqualTo(1);
  }

  @Test
  void genesisMintsToConfiguredAccountsInLayout1() {
    assertThat(state.get("acct/alice".getBytes(StandardCharsets.US_ASCII)))
        .hasValueSatisfying(v -> assertThat(v).hasSize(8));
    assertThat(balance("alice")).isEqualTo(1000);
    assertThat(runtime.invariants(state))
        .containsEntry("totalSupply", "1500")
        .containsEntry("accountCount", "2");
  }

  @Test
  void genesisRefusesBadNamesAndNegativeBalances() {
    assertThatThrownBy(() -> runtime.initGenesis(new MemoryState(), Map.of("Alice!", 1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Alice!'");
    assertThatThrownBy(() -> runtime.initGenesis(new MemoryState(), Map.of("eve", -1L)))
        .hasMessageContaining("-1");
  }

  @Test
  void transferMovesFundsAndCreatesTheRecipient() {
    assertThat(apply("transfer alice carol 300")).isEqualTo(Receipt.ok());
    assertThat(balance("alice")).isEqualTo(700);
    assertThat(balance("carol")).isEqualTo(300);
  }

  @Test
  void aTrailingTagMakesTransactionsDistinctWithoutChangingThem() {
    assertThat(apply("transfer alice bob 1 #42").success()).isTrue();
    assertThat(apply("transfer alice bob 1 #43").success()).isTrue();
    assertThat(balance("bob")).isEqualTo(502);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "transfer alice bob 1001|insufficient funds",
        "transfer zed bob 1|unknown sender 'zed'",
        "transfer alice bob 0|positive integer",
        "transfer alice bob -5|positive integer",
        "transfer alice bob 1x|positive integer",
        "transfer alice bob 99999999999999999999|positive integer",
        "transfer alice bob|malformed transfer",
        "transfer alice alice 1|same account",
        "transfer alice BOB 1|account names",
        "mint alice 5|unknown transaction kind 'mint'",
        "transfer_memo alice bob 1 hi|unknown transaction kind 'transfer_memo'",
        "transfer  alice bob 1|malformed transfer"
      })
  void rejectsInvalidTransactionsWithAReasonAndNoWrites(String caseText) {
    String[] parts = caseText.split("\\|");
    MemoryState before = state.copy();
    Receipt receipt = apply(parts[0]);
    assertThat(receipt.success()).isFalse();
    assertThat(receipt.message()).contains(parts[1]);
    assertThat(state.sameContentAs(before)).isTrue();
  }

  @Test
  void malformedBytesAreARejectionNotAnException() {
    for (byte[] garbage :
        List.of(new byte[0], new byte[] {0, 1, 2}, new byte[] {(byte) 0xc3, (byte) 0xa9})) {
      Receipt receipt = runtime.apply(state, BLOCK, garbage);
      assertThat(receipt.success()).isFalse();
      assertThat(receipt.message()).contains("malformed");
    }
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void randomTransfersKeepTotalSupplyConstant(long seed) {
    Random random = new Random(seed);
    String[] names = {"alice", "bob", "carol", "dave", "zed"};
    for (int i = 0; i < 300; i++) {
      String tx =
          "transfer "
              + names[random.nextInt(names.length)]
              + " "
              + names[random.nextInt(names.length)]
              + " "
              + random.nextInt(400);
      apply(tx);
    }
    assertThat(runtime.invariants(state).get("totalSupply"))
        .as(Seeds.replay(seed))
        .isEqualTo("1500");
  }
}
