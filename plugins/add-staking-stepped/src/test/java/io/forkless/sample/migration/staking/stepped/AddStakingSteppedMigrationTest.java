package io.forkless.sample.migration.staking.stepped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.RuntimeVersion;
import io.forkless.sample.migration.staking.AddStakingMigration;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddStakingSteppedMigrationTest {

  private final AddStakingSteppedMigration stepped = new AddStakingSteppedMigration();

  /** Exhausted after {@code share} calls of budgetExhausted (one per rewritten account here). */
  private static final class Share implements MigrationContext {
    final int share;
    int used;

    Share(int share) {
      this.share = share;
    }

    @Override
    public RuntimeVersion fromVersion() {
      return RuntimeVersion.of(1, 1, 0);
    }

    @Override
    public RuntimeVersion toVersion() {
      return RuntimeVersion.of(2, 0, 0);
    }

    @Override
    public void progress(long keysProcessed, long estimatedTotal) {}

    @Override
    public boolean budgetExhausted() {
      return ++used >= share;
    }
  }

  private static MemoryState genesis(int accounts) {
    Map<String, Long> balances = new HashMap<>();
    for (int i = 0; i < accounts; i++) {
      balances.put("acc" + i, 1_000L + i);
    }
    MemoryState state = new MemoryState();
    new io.forkless.sample.balances.v1_0.BalancesRuntime().initGenesis(state, balances);
    return state;
  }

  @Test
  void stepsABudgetAtATimeAndEndsWhereSingleBlockAddStakingEnds() {
    MemoryState state = genesis(1_000);
    MemoryState before = state.copy();
    MemoryState whole = state.copy();
    new AddStakingMigration().migrate(whole, new Share(Integer.MAX_VALUE));

    Optional<byte[]> cursor = Optional.empty();
    int steps = 0;
    do {
      cursor = stepped.step(state, cursor, new Share(64));
      steps++;
    } while (cursor.isPresent());

    assertThat(steps).isEqualTo(1_000 / 64 + 1);
    stepped.validate(before, state);
    whole.scan(
        "acct/".getBytes(StandardCharsets.US_ASCII),
        (key, value) ->
            assertThat(state.get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(value)));
    assertThat(stepped.name()).isEqualTo("add_staking_stepped");
  }

  @Test
  void refusesARecordOfTheWrongLayoutNamingTheKey() {
    MemoryState state = genesis(3);
    state.put("acct/acc1".getBytes(StandardCharsets.US_ASCII), new byte[5]);
    assertThatThrownBy(() -> stepped.step(state, Optional.empty(), new Share(100)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("'acct/acc1'")
        .hasMessageContaining("found 5 bytes");
  }
}
