package io.forkless.sample.balances.v1_0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.TransactionValidity;
import io.forkless.testing.Accounts;
import io.forkless.testing.Accounts.Account;
import io.forkless.testing.MemoryState;
import io.forkless.testing.Seeds;
import io.forkless.testing.TestHostFunctions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BalancesRuntimeTest {

  private static final String CHAIN = "test-chain";
  private static final BlockContext BLOCK = TestHostFunctions.block(CHAIN, 1);
  private static final Account ALICE = Accounts.dev("alice");
  private static final Account BOB = Accounts.dev("bob");
  private static final Account MALLORY = Accounts.dev("mallory");
  private final BalancesRuntime runtime = new BalancesRuntime();
  private MemoryState state;

  @BeforeEach
  void genesis() {
    state = new MemoryState();
    runtime.initGenesis(state, Accounts.devGenesis(Map.of("alice", 1000L, "bob", 500L)));
  }

  private Receipt apply(byte[] tx) {
    return runtime.apply(state, BLOCK, tx);
  }

  private Receipt apply(Account from, long nonce, String call) {
    return apply(from.sign(CHAIN, nonce, call));
  }

  private long balance(Account account) {
    return Codec.getLong(state.get(Codec.accountKey(account.publicKey())).orElseThrow(), 0);
  }

  private String query(String who) {
    return new String(
        runtime.query(state, ("account " + who).getBytes(StandardCharsets.US_ASCII)),
        StandardCharsets.US_ASCII);
  }

  @Test
  void declaresVersionAndLayout() {
    assertThat(runtime.version()).isEqualTo(RuntimeVersion.of(1, 0, 0));
    assertThat(runtime.stateLayoutVersion()).isEqualTo(1);
  }

  @Test
  void genesisWritesKeyedAccountsNamesAndNoNonces() {
    assertThat(state.get(("acct/" + ALICE.hex()).getBytes(StandardCharsets.US_ASCII)))
        .hasValueSatisfying(v -> assertThat(v).hasSize(8));
    assertThat(state.get("name/alice".getBytes(StandardCharsets.US_ASCII)))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(ALICE.publicKey()));
    assertThat(balance(ALICE)).isEqualTo(1000);
    assertThat(runtime.invariants(state))
        .containsEntry("totalSupply", "1500")
        .containsEntry("accountCount", "2");
    assertThat(query("alice"))
        .isEqualTo(
            "{\"account\":\"" + ALICE.hex() + "\",\"exists\":true,\"nonce\":0,\"balance\":1000}");
  }

  @Test
  void genesisRefusesBadEntriesNamingThem() {
    Map<String, Object> badName =
        Map.of(
            "accounts",
            List.of(Map.of("name", "Alice!", "public_key", ALICE.hex(), "balance", 1L)));
    assertThatThrownBy(() -> runtime.initGenesis(new MemoryState(), badName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accounts[0].name")
        .hasMessageContaining("'Alice!'");
    Map<String, Object> negative =
        Map.of("accounts", List.of(Map.of("public_key", ALICE.hex(), "balance", -1L)));
    assertThatThrownBy(() -> runtime.initGenesis(new MemoryState(), negative))
        .hasMessageContaining("balance must be a whole number >= 0 but was -1");
    Map<String, Object> badKey =
        Map.of("accounts", List.of(Map.of("public_key", "abc", "balance", 1L)));
    assertThatThrownBy(() -> runtime.initGenesis(new MemoryState(), badKey))
        .hasMessageContaining("public_key must be 64 lowercase hex");
    assertThatThrownBy(() -> runtime.initGenesis(new MemoryState(), Map.of("balances", 1L)))
        .hasMessageContaining("unknown key genesis.runtime.balances");
  }

  @Test
  void transferMovesFundsCreatesTheRecipientAndBumpsTheNonce() {
    assertThat(apply(ALICE, 0, "transfer " + MALLORY.hex() + " 300")).isEqualTo(Receipt.ok());
    assertThat(apply(ALICE, 1, "transfer bob 1 #tag")).isEqualTo(Receipt.ok());
    assertThat(balance(ALICE)).isEqualTo(699);
    assertThat(balance(MALLORY)).isEqualTo(300);
    assertThat(balance(BOB)).isEqualTo(501);
    assertThat(query("alice")).contains("\"nonce\":2");
    assertThat(query(MALLORY.hex())).contains("\"nonce\":0,\"balance\":300");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "transfer bob 1001|insufficient funds for a transfer of 1001",
        "transfer bob 0|positive integer",
        "transfer bob -5|positive integer",
        "transfer bob 99999999999999999999|positive integer",
        "transfer bob|malformed transfer",
        "transfer alice 1|same account",
        "transfer BOB 1|unknown recipient 'BOB'",
        "transfer zed 1|unknown recipient 'zed'",
        "mint alice 5|unknown transaction kind 'mint'",
        "transfer_memo bob 1 hi|unknown transaction kind 'transfer_memo'",
        "transfer  bob 1|malformed transfer"
      })
  void failsInvalidCallsWithAReasonKeepingOnlyTheUsedNonce(String caseText) {
    String[] parts = caseText.split("\\|");
    MemoryState expected = state.copy();
    expected.put(Codec.nonceKey(ALICE.publicKey()), Codec.longBytes(1));
    Receipt receipt = apply(ALICE, 0, parts[0]);
    assertThat(receipt.success()).isFalse();
    assertThat(receipt.keepWrites()).as("authenticated: the nonce is used").isTrue();
    assertThat(receipt.message()).contains(parts[1]).doesNotContain("1000");
    assertThat(state.sameContentAs(expected)).isTrue();
    assertThat(apply(ALICE, 1, "transfer bob 1").success())
        .as("the next nonce is not stuck")
        .isTrue();
  }

  @Test
  void rejectsEachAuthenticationFailureWithItsOwnReasonAndNoWrites() {
    byte[] call = "transfer bob 5".getBytes(StandardCharsets.US_ASCII);
    byte[] aliceSignature = Accounts.signature(ALICE, Accounts.signedMessage(CHAIN, 0, call));
    Map<String, byte[]> cases =
        Map.of(
            "wrong chain: signed for 'other-chain'",
            ALICE.sign("other-chain", 0, "transfer bob 5"),
            "bad signature",
            Accounts.envelope(CHAIN, ALICE.publicKey(), 0, new byte[64], call),
            "bad signature: not the sender's",
            Accounts.envelope(CHAIN, MALLORY.publicKey(), 0, aliceSignature, call),
            "unknown account: the sender has no record",
            MALLORY.sign(CHAIN, 0, "transfer bob 5"),
            "malformed transaction: expected a signed envelope",
            "transfer alice bob 5".getBytes(StandardCharsets.US_ASCII));
    MemoryState before = state.copy();
    cases.forEach(
        (reason, tx) -> {
          Receipt receipt = apply(tx);
          assertThat(receipt.success()).as(reason).isFalse();
          assertThat(receipt.keepWrites()).as(reason).isFalse();
          assertThat(receipt.message()).as(reason).startsWith(reason.split(":")[0]);
          assertThat(receipt.message()).contains(reason).doesNotContain("1000");
          assertThat(runtime.validate(state, BLOCK, tx).valid()).isFalse();
        });
    assertThat(state.sameContentAs(before)).isTrue();
  }

  @Test
  void rejectsReplayedAndOutOfOrderNoncesWithoutWrites() {
    byte[] first = ALICE.sign(CHAIN, 0, "transfer bob 5");
    assertThat(apply(first).success()).isTrue();
    MemoryState before = state.copy();
    assertThat(apply(first).message()).isEqualTo("replayed nonce 0: the sender's next nonce is 1");
    assertThat(apply(ALICE, 3, "transfer bob 5").message())
        .isEqualTo("out-of-order nonce 3: the sender's next nonce is 1");
    assertThat(state.sameContentAs(before)).isTrue();
    assertThat(runtime.validate(state, BLOCK, first))
        .isEqualTo(TransactionValidity.invalid("replayed nonce 0: the sender's next nonce is 1"));
    assertThat(runtime.validate(state, BLOCK, ALICE.sign(CHAIN, 3, "transfer bob 5")))
        .isEqualTo(TransactionValidity.ordered(ALICE.publicKey(), 3, 1));
  }

  @Test
  void aDrainAttemptWithoutTheKeyFailsAndSaysNothingAboutTheBalance() {
    // The attack of issue 12: mallory names alice as the sender but cannot sign as her.
    byte[] call = ("transfer " + MALLORY.hex() + " 1000").getBytes(StandardCharsets.US_ASCII);
    byte[] forged =
        Accounts.envelope(
            CHAIN,
            ALICE.publicKey(),
            0,
            Accounts.signature(MALLORY, Accounts.signedMessage(CHAIN, 0, call)),
            call);
    MemoryState before = state.copy();
    for (int nonce = 0; nonce < 4; nonce++) {
      Receipt receipt = apply(forged);
      assertThat(receipt.success()).isFalse();
      assertThat(receipt.message()).startsWith("bad signature").doesNotContainPattern("\\d{3}");
    }
    assertThat(state.sameContentAs(before)).isTrue();
    assertThat(balance(ALICE)).isEqualTo(1000);
  }

  @Test
  void malformedBytesAreARejectionNotAnException() {
    for (byte[] garbage :
        List.of(new byte[0], new byte[] {1, 0}, new byte[] {1, 5, 'a'}, new byte[] {(byte) 0xc3})) {
      Receipt receipt = runtime.apply(state, BLOCK, garbage);
      assertThat(receipt.success()).isFalse();
      assertThat(receipt.message()).startsWith("malformed");
    }
  }

  @Test
  void queriesRefuseUnknownRequests() {
    assertThatThrownBy(() -> runtime.query(state, "balance alice".getBytes()))
        .hasMessageContaining("unknown query");
    assertThatThrownBy(() -> query("nobody")).hasMessageContaining("neither a genesis name");
    assertThat(query(MALLORY.hex())).contains("\"exists\":false");
  }

  /**
   * Whatever order a sender's transactions arrive in, applying them as the mempool would (each
   * round, every pending one whose nonce is next) ends with the same applied sequence.
   */
  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void anySubmissionOrderEndsWithTheSameAppliedSequence(long seed) {
    Random random = new Random(seed);
    int n = 1 + random.nextInt(12);
    List<byte[]> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(ALICE.sign(CHAIN, i, "transfer bob " + (1 + i)));
    }
    List<byte[]> shuffled = new ArrayList<>(txs);
    Collections.shuffle(shuffled, random);
    List<Long> applied = new ArrayList<>();
    for (int round = 0; round < n && !shuffled.isEmpty(); round++) {
      for (byte[] tx : List.copyOf(shuffled)) {
        TransactionValidity v = runtime.validate(state, BLOCK, tx);
        if (v.valid() && v.nonce() == v.accountNonce()) {
          assertThat(apply(tx).success()).as(Seeds.replay(seed)).isTrue();
          applied.add(v.nonce());
          shuffled.remove(tx);
        }
      }
    }
    assertThat(applied).as(Seeds.replay(seed)).isSorted().hasSize(n);
    assertThat(balance(BOB)).as(Seeds.replay(seed)).isEqualTo(500 + (long) n * (n + 1) / 2);
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void randomSignedTransactionsKeepTotalSupplyConstant(long seed) {
    Random random = new Random(seed);
    Account[] accounts = {ALICE, BOB, MALLORY};
    long[] nonces = new long[accounts.length];
    for (int i = 0; i < 300; i++) {
      int from = random.nextInt(accounts.length);
      long nonce = random.nextInt(5) == 0 ? random.nextInt(4) : nonces[from];
      Receipt r =
          apply(
              accounts[from],
              nonce,
              "transfer "
                  + accounts[random.nextInt(accounts.length)].hex()
                  + " "
                  + random.nextInt(400));
      if (r.success() || r.keepWrites()) {
        nonces[from]++;
      }
    }
    assertThat(runtime.invariants(state).get("totalSupply"))
        .as(Seeds.replay(seed))
        .isEqualTo("1500");
  }
}
