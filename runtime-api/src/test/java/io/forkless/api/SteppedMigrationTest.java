package io.forkless.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class SteppedMigrationTest {

  /** A plain map state, ordered by unsigned bytes, without a scanAfter of its own. */
  private static final class MapState implements State {
    final TreeMap<byte[], byte[]> map = new TreeMap<>(java.util.Arrays::compareUnsigned);

    @Override
    public Optional<byte[]> get(byte[] key) {
      return Optional.ofNullable(map.get(key));
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
      for (Map.Entry<byte[], byte[]> e : new TreeMap<>(map).entrySet()) {
        byte[] k = e.getKey();
        if (k.length >= prefix.length
            && java.util.Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          action.accept(k, e.getValue());
        }
      }
    }

    @Override
    public void put(byte[] key, byte[] value) {
      map.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
      map.remove(key);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Upper-cases one value per step; the cursor is the last key done. */
  private static final class OnePerStep implements SteppedMigration {
    final List<Optional<String>> cursorsSeen = new ArrayList<>();

    @Override
    public String name() {
      return "one_per_step";
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      cursorsSeen.add(cursor.map(c -> new String(c, StandardCharsets.US_ASCII)));
      byte[][] done = {null};
      state.scanAfter(
          b("k/"),
          cursor.orElse(new byte[0]),
          (key, value) -> {
            state.put(key, new String(value, StandardCharsets.US_ASCII).toUpperCase().getBytes());
            done[0] = key;
            return false;
          });
      return Optional.ofNullable(done[0]);
    }

    @Override
    public void validate(StateView before, StateView after) {}
  }

  private static final MigrationContext CONTEXT =
      new MigrationContext() {
        @Override
        public RuntimeVersion fromVersion() {
          return RuntimeVersion.of(1, 0, 0);
        }

        @Override
        public RuntimeVersion toVersion() {
          return RuntimeVersion.of(2, 0, 0);
        }

        @Override
        public void progress(long keysProcessed, long estimatedTotal) {}

        @Override
        public HostFunctions host() {
          throw new UnsupportedOperationException("these migrations use no host functions");
        }
      };

  @Test
  void singleBlockMigrateRunsEveryStepUntilTheCursorIsEmpty() {
    MapState state = new MapState();
    state.put(b("k/a"), b("x"));
    state.put(b("k/b"), b("y"));
    state.put(b("other"), b("z"));
    OnePerStep migration = new OnePerStep();

    migration.migrate(state, CONTEXT);

    assertThat(state.get(b("k/a"))).contains(b("X"));
    assertThat(state.get(b("k/b"))).contains(b("Y"));
    assertThat(state.get(b("other"))).contains(b("z"));
    assertThat(migration.cursorsSeen)
        .containsExactly(Optional.empty(), Optional.of("k/a"), Optional.of("k/b"));
  }

  @Test
  void defaultScanAfterStartsStrictlyAfterTheKeyAndStopsWhenTheActionSaysSo() {
    MapState state = new MapState();
    for (String k : List.of("p/1", "p/2", "p/3", "p/4", "q/1")) {
      state.put(b(k), b("v"));
    }
    List<String> seen = new ArrayList<>();
    state.scanAfter(
        b("p/"),
        b("p/1"),
        (key, value) -> {
          seen.add(new String(key, StandardCharsets.US_ASCII));
          return seen.size() < 2;
        });
    assertThat(seen).containsExactly("p/2", "p/3");
  }

  @Test
  void contextBudgetIsNeverExhaustedByDefault() {
    assertThat(CONTEXT.budgetExhausted()).isFalse();
  }
}
