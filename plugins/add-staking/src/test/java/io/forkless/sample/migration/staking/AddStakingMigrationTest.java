package io.forkless.sample.migration.staking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.BlockContext;
import io.forkless.api.HostFunctions;
import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.RuntimeVersion;
import io.forkless.testing.Accounts;
import io.forkless.testing.Accounts.Account;
import io.forkless.testing.MemoryState;
import io.forkless.testing.TestHostFunctions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddStakingMigrationTest {

  private static final String CHAIN = "test-chain";
  private static final Account ALICE = Accounts.dev("alice");
  private final AddStakingMigration migration = new AddStakingMigration();
  private final io.forkless.sample.balances.v1_0.BalancesRuntime v1 =
      new io.forkless.sample.balances.v1_0.BalancesRuntime();
  private final io.forkless.sample.balances.v2_0.BalancesRuntime v2 =
      new io.forkless.sample.balances.v2_0.BalancesRuntime();

  private static final class RecordingContext implements MigrationContext {
    long processed;
    long total;
    int calls;

    @Override
    public RuntimeVersion fromVersion() {
      return RuntimeVersion.of(1, 1, 0);
    }

    @Override
    public RuntimeVersion toVersion() {
      return RuntimeVersion.of(2, 0, 0);
    }

    @Override
    public void progress(long keysProcessed, long estimatedTotal) {
      processed = keysProcessed;
      total = estimatedTotal;
      calls++;
    }

    @Override
    public HostFunctions host() {
      return TestHostFunctions.INSTANCE;
    }
  }

  /** The account-record key of synthetic account {@code i}. */
  private static byte[] key(int i) {
    return ("acct/" + String.format("%064x", i)).getBytes(StandardCharsets.US_ASCII);
  }

  private MemoryState genesis(int accounts) {
    List<Object> entries = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      entries.add(Map.of("public_key", String.format("%064x", i), "balance", 1_000L + i));
    }
    MemoryState state = new MemoryState();
    v1.initGenesis(state, Map.of("accounts", entries));
    return state;
  }

  @Test
  void migratesTenThousandAccountsKeepingSupplyAndReportingProgress() {
    MemoryState state = genesis(10_000);
    v1.initGenesis(state, Accounts.devGenesis(Map.of("alice", 700L)));
    state.put("other/key".getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    MemoryState before = state.copy();
    RecordingContext context = new RecordingContext();

    migration.migrate(state, context);
    migration.validate(before, state);

    assertThat(migration.name()).isEqualTo("add_staking");
    assertThat(context.calls).isEqualTo(10_001);
    assertThat(context.processed).isEqualTo(10_001);
    assertThat(context.total).isEqualTo(10_001);
    assertThat(v2.invariants(state)).isEqualTo(v1.invariants(before));
    assertThat(state.get("other/key".getBytes(StandardCharsets.US_ASCII)))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(1));
    // 2.0.0 can now read and transact on the migrated state.
    var receipt =
        v2.apply(state, TestHostFunctions.block(CHAIN, 2), ALICE.sign(CHAIN, 0, "stake 500"));
    assertThat(receipt.success()).as(receipt.message()).isTrue();
  }

  @Test
  void keysNoncesAndSignaturesStayValidAcrossTheMigration() {
    MemoryState state = new MemoryState();
    v1.initGenesis(state, Accounts.devGenesis(Map.of("alice", 100L, "bob", 5L)));
    BlockContext block = TestHostFunctions.block(CHAIN, 1);
    byte[] first = ALICE.sign(CHAIN, 0, "transfer bob 10");
    byte[] signedBeforeTheUpgrade = ALICE.sign(CHAIN, 1, "stake 20");
    assertThat(v1.apply(state, block, first).success()).isTrue();
    MemoryState before = state.copy();

    migration.migrate(state, new RecordingContext());
    migration.validate(before, state);

    assertThat(v2.apply(state, block, first).message())
        .isEqualTo("replayed nonce 0: the sender's next nonce is 1");
    assertThat(v2.apply(state, block, signedBeforeTheUpgrade).success()).isTrue();
    assertThat(
            new String(
                v2.query(state, "account alice".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII))
        .endsWith("\"nonce\":2,\"balance\":70,\"staked\":20}");
  }

  @Test
  void failsNamingTheKeyOfARecordThatIsNotLayout1() {
    MemoryState state = genesis(3);
    state.put(key(1), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> migration.migrate(state, new RecordingContext()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("add_staking")
        .hasMessageContaining("'acct/" + String.format("%064x", 1) + "'")
        .hasMessageContaining("3 bytes");
  }

  @Test
  void validateCatchesAnUnmigratedAccount() {
    MemoryState state = genesis(3);
    MemoryState before = state.copy();
    migration.migrate(state, new RecordingContext());
    state.put(key(2), before.get(key(2)).orElseThrow());
    assertThatThrownBy(() -> migration.validate(before, state))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("'acct/" + String.format("%064x", 2) + "'")
        .hasMessageContaining("not migrated");
  }

  @Test
  void validateCatchesAChangedSupplyOrAnExtraAccount() {
    MemoryState state = genesis(3);
    MemoryState before = state.copy();
    migration.migrate(state, new RecordingContext());
    MemoryState extra = state.copy();
    byte[] record = new byte[17];
    record[0] = 2;
    record[8] = 1;
    extra.put("acct/minted".getBytes(StandardCharsets.US_ASCII), record);
    assertThatThrownBy(() -> migration.validate(before, extra))
        .hasMessageContaining("account count changed from 3 to 4");

    MemoryState changed = state.copy();
    byte[] acc0 = changed.get(key(0)).orElseThrow();
    acc0[16] = 5; // five coins appear in the stake
    changed.put(key(0), acc0);
    assertThatThrownBy(() -> migration.validate(before, changed))
        .hasMessageContaining("staked amount must start at 0");
  }
}
