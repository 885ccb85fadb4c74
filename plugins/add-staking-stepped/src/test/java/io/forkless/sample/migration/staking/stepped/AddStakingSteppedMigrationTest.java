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

  /** Runs the stepped validation to its end at {@code share} keys a call; returns the calls. */
  private int validateInSteps(MemoryState before, MemoryState after, int share) {
    Optional<byte[]> cursor = Optional.empty();
    int calls = 0;
    do {
      Optional<byte[]> given = cursor;
      cursor = stepped.validateStep(before, after, cursor, new Share(share));
      calls++;
      assertThat(cursor.map(c -> !java.util.Arrays.equals(c, given.orElse(null))).orElse(true))
          .as("each call moves the cursor")
          .isTrue();
    } while (cursor.isPresent());
    return calls;
  }

  @Test
  void validatesAShareAtATimeInTwoPasses() {
    MemoryState before = genesis(1_000);
    MemoryState after = before.copy();
    new AddStakingMigration().migrate(after, new Share(Integer.MAX_VALUE));

    // Pass one checks 1,000 accounts, pass two sums 1,000: 64 a call.
    assertThat(validateInSteps(before, after, 64)).isEqualTo(2_000 / 64 + 1);
    assertThat(validateInSteps(before, after, Integer.MAX_VALUE)).isEqualTo(1);
  }

  @Test
  void steppedValidationFindsEachDiscrepancyTheWholeValidationFinds() {
    MemoryState before = genesis(300);
    MemoryState migrated = before.copy();
    new AddStakingMigration().migrate(migrated, new Share(Integer.MAX_VALUE));

    MemoryState changedBalance = migrated.copy();
    byte[] v = changedBalance.get(key(200)).orElseThrow().clone();
    v[8]++;
    changedBalance.put(key(200), v);
    assertThatThrownBy(() -> validateInSteps(before, changedBalance, 50))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("balance changed during migration");

    MemoryState extra = migrated.copy();
    byte[] account = new byte[17];
    account[0] = 2;
    account[8] = 1;
    extra.put(key(5_000), account);
    assertThatThrownBy(() -> validateInSteps(before, extra, 50))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("account count changed from 300 to 301");

    MemoryState notMigrated = migrated.copy();
    notMigrated.put(key(299), before.get(key(299)).orElseThrow());
    assertThatThrownBy(() -> validateInSteps(before, notMigrated, 50))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("not migrated to layout 2");
  }

  @Test
  void estimatesTheTotalFromTheShareOfTheKeySpacePassed() {
    byte[] quarter = ("acct/4" + "0".repeat(63)).getBytes(StandardCharsets.US_ASCII);
    assertThat(AddStakingSteppedMigration.estimate(2_500, quarter)).isBetween(9_999L, 10_000L);
    byte[] early = ("acct/" + "0".repeat(64)).getBytes(StandardCharsets.US_ASCII);
    assertThat(AddStakingSteppedMigration.estimate(10, early)).as("too early: none").isZero();
    byte[] name = "acct/zz".getBytes(StandardCharsets.US_ASCII);
    assertThat(AddStakingSteppedMigration.estimate(10, name)).isZero();
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
