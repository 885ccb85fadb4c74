package io.forkless.sample.migration.staking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.BlockContext;
import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.RuntimeVersion;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddStakingMigrationTest {

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
  }

  private MemoryState genesis(int accounts) {
    Map<String, Long> balances = new HashMap<>();
    for (int i = 0; i < accounts; i++) {
      balances.put("acc" + i, 1_000L + i);
    }
    MemoryState state = new MemoryState();
    v1.initGenesis(state, balances);
    return state;
  }

  @Test
  void migratesTenThousandAccountsKeepingSupplyAndReportingProgress() {
    MemoryState state = genesis(10_000);
    state.put("other/key".getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    MemoryState before = state.copy();
    RecordingContext context = new RecordingContext();

    migration.migrate(state, context);
    migration.validate(before, state);

    assertThat(migration.name()).isEqualTo("add_staking");
    assertThat(context.calls).isEqualTo(10_000);
    assertThat(context.processed).isEqualTo(10_000);
    assertThat(context.total).isEqualTo(10_000);
    assertThat(v2.invariants(state)).isEqualTo(v1.invariants(before));
    assertThat(state.get("other/key".getBytes(StandardCharsets.US_ASCII)))
        .hasValueSatisfying(v -> assertThat(v).containsExactly(1));
    // 2.0.0 can now read and transact on the migrated state.
    var receipt =
        v2.apply(
            state, new BlockContext(2, 0), "stake acc7 500".getBytes(StandardCharsets.US_ASCII));
    assertThat(receipt.success()).as(receipt.message()).isTrue();
  }

  @Test
  void failsNamingTheKeyOfARecordThatIsNotLayout1() {
    MemoryState state = genesis(3);
    state.put("acct/acc1".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> migration.migrate(state, new RecordingContext()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("add_staking")
        .hasMessageContaining("'acct/acc1'")
        .hasMessageContaining("3 bytes");
  }

  @Test
  void validateCatchesAnUnmigratedAccount() {
    MemoryState state = genesis(3);
    MemoryState before = state.copy();
    migration.migrate(state, new RecordingContext());
    state.put(
        "acct/acc2".getBytes(StandardCharsets.US_ASCII),
        before.get("acct/acc2".getBytes(StandardCharsets.US_ASCII)).orElseThrow());
    assertThatThrownBy(() -> migration.validate(before, state))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("'acct/acc2'")
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
    byte[] acc0 = changed.get("acct/acc0".getBytes(StandardCharsets.US_ASCII)).orElseThrow();
    acc0[16] = 5; // five coins appear in the stake
    changed.put("acct/acc0".getBytes(StandardCharsets.US_ASCII), acc0);
    assertThatThrownBy(() -> migration.validate(before, changed))
        .hasMessageContaining("staked amount must start at 0");
  }
}
