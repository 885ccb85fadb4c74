package io.forkless.host.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StateStore;
import io.forkless.host.state.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SteppedMigrationDriverTest {

  private static final int ACCOUNTS = 1_000;
  private static final StepBudget BUDGET = new StepBudget(100); // 50 accounts: a read and a write

  @TempDir Path dir;

  private static MigrationPlan plan(String... names) {
    return new MigrationPlan(
        RuntimeVersion.of(1, 0, 0), RuntimeVersion.of(2, 0, 0), List.of(names), 0, false);
  }

  private static StateMigrator migrator(StateMigration... migrations) {
    StateMigrator m = new StateMigrator();
    for (StateMigration migration : migrations) {
      m.registerMigration(migration);
    }
    return m;
  }

  private static void fill(StateStore store) {
    Overlay o = store.overlay();
    for (int i = 0; i < ACCOUNTS; i++) {
      o.put(String.format("acct/%06d", i).getBytes(StandardCharsets.US_ASCII), new byte[] {1, 2});
    }
    o.put("other".getBytes(StandardCharsets.US_ASCII), new byte[] {9});
    store.commit(store.stage(o), new ChainWrites());
  }

  /** Runs blocks, each committed, until the plan is done; returns the blocks used. */
  private static int runToEnd(StateStore store, SteppedMigrationDriver driver, int maxBlocks) {
    for (int block = 1; block <= maxBlocks; block++) {
      Overlay o = store.overlay();
      SteppedMigrationDriver.BlockResult result = driver.runBlock(o, block);
      store.commit(store.stage(o), new ChainWrites());
      if (result.done()) {
        return block;
      }
    }
    throw new AssertionError("not done after " + maxBlocks + " blocks");
  }

  private static HashCode singleBlockRoot(StateMigration migration) {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      Overlay o = store.overlay();
      migrator(migration).run(plan(migration.name()), o, MigrationProgress.NONE);
      store.commit(store.stage(o), new ChainWrites());
      return store.stateRoot();
    }
  }

  @Test
  void manyBlocksEndWithTheRootOfTheSingleBlockFormAndNoCursorLeft() {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      List<MigrationEvent> events = new ArrayList<>();
      SteppedMigrationDriver driver =
          new SteppedMigrationDriver(
              plan("append"),
              migrator(new SteppedTestMigrations.Append("append", 0)),
              1,
              BUDGET,
              events::add);
      HashCode before = store.stateRoot();

      int blocks = runToEnd(store, driver, 100);

      // The share runs out exactly at the last account, so one more block finds nothing left.
      assertThat(blocks).isEqualTo(ACCOUNTS / 50 + 1);
      assertThat(store.stateRoot())
          .isEqualTo(singleBlockRoot(new SteppedTestMigrations.Append("append", 0)))
          .isNotEqualTo(before);
      assertThat(SteppedMigrationDriver.cursor(store.committed())).isEmpty();
      assertThat(events.get(0)).isInstanceOf(MigrationEvent.Started.class);
      assertThat(events.stream().filter(e -> e instanceof MigrationEvent.Stepped).count())
          .isEqualTo(blocks - 1);
      assertThat(events.get(events.size() - 1))
          .isEqualTo(new MigrationEvent.Completed(1, "append", blocks, ACCOUNTS, blocks));
    }
  }

  @Test
  void aRestartedNodeResumesFromTheCursorPersistedInState() {
    HashCode uninterrupted;
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      runToEnd(store, driver(new SteppedTestMigrations.Append("append", 0)), 100);
      uninterrupted = store.stateRoot();
    }
    Path data = dir.resolve("data");
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      fill(store);
      SteppedMigrationDriver first = driver(new SteppedTestMigrations.Append("append", 0));
      for (int block = 1; block <= 7; block++) {
        Overlay o = store.overlay();
        first.runBlock(o, block);
        store.commit(store.stage(o), new ChainWrites());
      }
    }
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      MigrationCursor at = SteppedMigrationDriver.cursor(store.committed()).orElseThrow();
      assertThat(at.blocksUsed()).isEqualTo(7);
      assertThat(at.keysDone()).isEqualTo(7 * 50);
      assertThat(new String(at.cursor().orElseThrow(), StandardCharsets.US_ASCII))
          .isEqualTo("acct/000349");

      int more = runToEnd(store, driver(new SteppedTestMigrations.Append("append", 0)), 100);

      assertThat(more).isEqualTo(ACCOUNTS / 50 + 1 - 7);
      assertThat(store.stateRoot()).isEqualTo(uninterrupted);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 501, 1000})
  void aFailingStepLeavesTheBlockUntouchedAndNamesTheMigrationAndKey(long failAt) {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      List<MigrationEvent> events = new ArrayList<>();
      SteppedMigrationDriver driver =
          new SteppedMigrationDriver(
              plan("append"),
              migrator(new SteppedTestMigrations.Append("append", failAt)),
              1,
              BUDGET,
              events::add);
      MigrationFailedException failure = null;
      for (int block = 1; block <= 100 && failure == null; block++) {
        Overlay o = store.overlay();
        HashCode before = store.previewRoot(o);
        try {
          driver.runBlock(o, block);
          store.commit(store.stage(o), new ChainWrites());
        } catch (MigrationFailedException e) {
          failure = e;
          assertThat(store.previewRoot(o)).isEqualTo(before);
          assertThat(block).isEqualTo((int) ((failAt - 1) / 50) + 1);
        }
      }
      assertThat(failure).isNotNull();
      assertThat(failure.migrationName()).isEqualTo("append");
      assertThat(failure.getMessage())
          .contains("injected failure")
          .contains(String.format("acct/%06d", failAt - 1));
      assertThat(events.get(events.size() - 1)).isInstanceOf(MigrationEvent.Failed.class);
    }
  }

  @Test
  void aStepThatIgnoresItsBudgetFailsAsAnOverrun() {
    assertThatThrownBy(() -> firstBlock(new SteppedTestMigrations.Greedy()))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("overran its budget")
        .hasMessageContaining("more than twice its share of 100");
  }

  @Test
  void aStepThatMakesNoProgressFails() {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      SteppedMigrationDriver driver = driver(new SteppedTestMigrations.Stuck());
      Overlay o = store.overlay();
      assertThatThrownBy(() -> driver.runBlock(o, 1))
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("made no progress");
    }
  }

  @Test
  void anOversizedCursorFails() {
    assertThatThrownBy(() -> firstBlock(new SteppedTestMigrations.BigCursor()))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("cursor of 1025 bytes; the limit is 1024");
  }

  @Test
  void aPlainMigrationInThePlanRunsWholeInOneBlockAfterTheSteppedOne() {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      StateMigrator m =
          migrator(
              new SteppedTestMigrations.Append("append", 0), new SteppedTestMigrations.Plain());
      SteppedMigrationDriver driver =
          new SteppedMigrationDriver(plan("append", "plain"), m, 1, BUDGET, MigrationListener.NONE);

      int blocks = runToEnd(store, driver, 100);

      assertThat(blocks).isEqualTo(ACCOUNTS / 50 + 1);
      assertThat(store.committed().get("plain/done".getBytes(StandardCharsets.US_ASCII)))
          .isPresent();
    }
  }

  @Test
  void refusesTheCursorOfAnotherUpgrade() {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      Overlay o = store.overlay();
      driver(new SteppedTestMigrations.Append("append", 0)).runBlock(o, 1);
      SteppedMigrationDriver other =
          new SteppedMigrationDriver(
              plan("append"),
              migrator(new SteppedTestMigrations.Append("append", 0)),
              2,
              BUDGET,
              MigrationListener.NONE);
      assertThatThrownBy(() -> other.runBlock(o, 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cursor of upgrade 1, not of upgrade 2");
    }
  }

  private static SteppedMigrationDriver driver(StateMigration migration) {
    return new SteppedMigrationDriver(
        plan(migration.name()), migrator(migration), 1, BUDGET, MigrationListener.NONE);
  }

  private static void firstBlock(StateMigration migration) {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      driver(migration).runBlock(store.overlay(), 1);
    }
  }
}
