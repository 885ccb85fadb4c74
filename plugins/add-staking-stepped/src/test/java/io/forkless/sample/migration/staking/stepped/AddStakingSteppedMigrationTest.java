package io.forkless.sample.migration.staking.stepped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.HostFunctions;
import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.RuntimeVersion;
import io.forkless.sample.migration.staking.AddStakingMigration;
import io.forkless.testing.MemoryState;
import io.forkless.testing.TestHostFunctions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    @Override
    public HostFunctions host() {
      return TestHostFunctions.INSTANCE;
    }
  }

  /** The account-record key of synthetic account {@code i}. */
  private static byte[] key(int i) {
    return ("acct/" + String.format("%064x", i)).getBytes(StandardCharsets.US_ASCII);
  }

  private static MemoryState genesis(int accounts) {
    List<Object> entries = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      entries.add(Map.of("public_key", String.format("%064x", i), "balance", 1_000L + i));
    }
    MemoryState state = new MemoryState();
    new io.forkless.sample.balances.v1_0.BalancesRuntime()
        .initGenesis(state, Map.of("accounts", entries));
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
    state.put(key(1), new byte[5]);
    assertThatThrownBy(() -> stepped.step(state, Optional.empty(), new Share(100)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("'acct/" + String.format("%064x", 1) + "'")
        .hasMessageContaining("found 5 bytes");
  }
}
