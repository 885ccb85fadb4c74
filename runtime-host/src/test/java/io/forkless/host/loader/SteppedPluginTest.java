package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.migration.MigrationCursor;
import io.forkless.host.migration.MigrationListener;
import io.forkless.host.migration.MigrationProgress;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StateStore;
import io.forkless.host.state.StoreOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed add_staking_stepped JAR in its isolated loader, driven block by block on RocksDB with
 * a restart in the middle (a fresh store handle and a freshly loaded plugin resume from the cursor
 * in state), ends on the root of the signed add_staking JAR run in one block.
 */
class SteppedPluginTest {

  private static final int ACCOUNTS = 2_000;
  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  private final RuntimeLoader loader = RuntimeLoader.create();

  private static void fill(StateStore store) {
    Overlay o = store.overlay();
    for (int i = 0; i < ACCOUNTS; i++) {
      o.put(
          ("acct/acc" + i).getBytes(StandardCharsets.US_ASCII),
          ByteBuffer.allocate(8).putLong(1_000L + i).array());
    }
    store.commit(store.stage(o), new ChainWrites());
  }

  private SteppedMigrationDriver driver(LoadedMigrationPlugin plugin) {
    StateMigrator migrator = new StateMigrator();
    migrator.registerMigration(plugin.migration("add_staking_stepped").orElseThrow());
    return new SteppedMigrationDriver(
        new MigrationPlan(V1, V2, List.of("add_staking_stepped"), 0, false),
        migrator,
        7,
        new StepBudget(200),
        MigrationListener.NONE);
  }

  @Test
  void resumesAfterARestartAndEndsOnTheSingleBlockRoot() {
    HashCode single;
    try (LoadedMigrationPlugin whole =
            loader.loadMigrationPlugin(TestJars.sample(SampleJars.ADD_STAKING));
        MemoryStateStore store = MemoryStateStore.create()) {
      fill(store);
      StateMigrator migrator = new StateMigrator();
      migrator.registerMigration(whole.migration("add_staking").orElseThrow());
      Overlay o = store.overlay();
      migrator.run(
          new MigrationPlan(V1, V2, List.of("add_staking"), 0, false), o, MigrationProgress.NONE);
      store.commit(store.stage(o), new ChainWrites());
      single = store.stateRoot();
    }

    Path data = dir.resolve("data");
    try (LoadedMigrationPlugin plugin =
            loader.loadMigrationPlugin(TestJars.sample(SampleJars.ADD_STAKING_STEPPED));
        RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      fill(store);
      SteppedMigrationDriver driver = driver(plugin);
      for (int block = 1; block <= 5; block++) {
        Overlay o = store.overlay();
        assertThat(driver.runBlock(o, block).done()).isFalse();
        store.commit(store.stage(o), new ChainWrites());
      }
    }

    int blocks = 5;
    try (LoadedMigrationPlugin plugin =
            loader.loadMigrationPlugin(TestJars.sample(SampleJars.ADD_STAKING_STEPPED));
        RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      MigrationCursor at = SteppedMigrationDriver.cursor(store.committed()).orElseThrow();
      assertThat(at.upgradeId()).isEqualTo(7);
      assertThat(at.keysDone()).isEqualTo(5 * 100);
      SteppedMigrationDriver driver = driver(plugin);
      boolean done = false;
      while (!done) {
        Overlay o = store.overlay();
        done = driver.runBlock(o, ++blocks).done();
        store.commit(store.stage(o), new ChainWrites());
      }
      // 100 accounts per block (a read and a write each); the last share ends exactly at the last
      // account, so one more block finds nothing left.
      assertThat(blocks).isEqualTo(ACCOUNTS / 100 + 1);
      assertThat(SteppedMigrationDriver.cursor(store.committed())).isEmpty();
      assertThat(store.stateRoot()).isEqualTo(single);
    }
  }
}
