package io.forkless.host.migration;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Stepped migrations for the driver's tests, each with one behaviour. */
final class SteppedTestMigrations {

  static final byte[] PREFIX = "acct/".getBytes(StandardCharsets.US_ASCII);

  private SteppedTestMigrations() {}

  /**
   * Appends byte 7 to every {@code acct/} value, a budget at a time; throws on the {@code
   * failAtKey}-th key it rewrites overall (counting from 1), never when 0.
   */
  static final class Append implements SteppedMigration {
    private final String name;
    private final long failAtKey;

    Append(String name, long failAtKey) {
      this.name = name;
      this.failAtKey = failAtKey;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      byte[][] stoppedAt = {null};
      state.scanAfter(
          PREFIX,
          cursor.orElse(new byte[0]),
          (key, value) -> {
            if (failAtKey > 0 && index(key) + 1 == failAtKey) {
              throw new MigrationException(name, key, "injected failure");
            }
            byte[] next = java.util.Arrays.copyOf(value, value.length + 1);
            next[value.length] = 7;
            state.put(key, next);
            if (context.budgetExhausted()) {
              stoppedAt[0] = key;
              return false;
            }
            return true;
          });
      return Optional.ofNullable(stoppedAt[0]);
    }

    @Override
    public void validate(StateView before, StateView after) {
      before.scan(
          PREFIX,
          (key, old) -> {
            byte[] now = after.get(key).orElseThrow();
            if (now.length != old.length + 1 || now[old.length] != 7) {
              throw new MigrationException(name, key, "not appended");
            }
          });
    }

    /** Keys are acct/NNNNNN (zero-padded): the account's number. */
    private static long index(byte[] key) {
      return Long.parseLong(new String(key, StandardCharsets.US_ASCII).substring(5));
    }
  }

  /** Never looks at the budget: rewrites everything in its first step. */
  static final class Greedy implements SteppedMigration {
    @Override
    public String name() {
      return "greedy";
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      state.scan(PREFIX, (k, v) -> state.put(k, new byte[] {1}));
      return Optional.empty();
    }

    @Override
    public void validate(StateView before, StateView after) {}
  }

  /** Returns the cursor it was given and writes nothing. */
  static final class Stuck implements SteppedMigration {
    @Override
    public String name() {
      return "stuck";
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      return Optional.of(cursor.orElse(new byte[] {1}));
    }

    @Override
    public void validate(StateView before, StateView after) {}
  }

  /** Writes one key and returns a cursor over the host's limit. */
  static final class BigCursor implements SteppedMigration {
    @Override
    public String name() {
      return "big_cursor";
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      state.put("x".getBytes(StandardCharsets.US_ASCII), new byte[1]);
      return Optional.of(new byte[SteppedMigration.MAX_CURSOR_BYTES + 1]);
    }

    @Override
    public void validate(StateView before, StateView after) {}
  }

  /** Plain (single-block) migration: writes {@code plain/done}. */
  static final class Plain implements io.forkless.api.StateMigration {
    @Override
    public String name() {
      return "plain";
    }

    @Override
    public void migrate(State state, MigrationContext context) {
      state.put("plain/done".getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    }

    @Override
    public void validate(StateView before, StateView after) {
      if (after.get("plain/done".getBytes(StandardCharsets.US_ASCII)).isEmpty()) {
        throw new MigrationException("plain", "plain/done missing");
      }
    }
  }
}
