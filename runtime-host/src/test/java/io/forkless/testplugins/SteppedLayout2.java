package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.util.Optional;

/**
 * add_staking_stepped's rewrite (layout 1 to layout 2, a budget at a time) with hooks to fail or
 * misbehave. The cursor is the count of keys rewritten so far (8 bytes) followed by the last key,
 * so a failure at the n-th key is the same on every node and after a restart.
 */
public abstract class SteppedLayout2 implements SteppedMigration {

  static final byte[] PREFIX = {'a', 'c', 'c', 't', '/'};

  /** Index (0-based, in key order) of the key at which a step throws; -1 never. */
  protected int failAtKey() {
    return -1;
  }

  /** Whether the step that reaches the end throws instead of returning done. */
  protected boolean failAtEnd() {
    return false;
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    byte[] given = cursor.orElse(new byte[8]);
    long[] count = {readLong(given)};
    byte[] after = new byte[given.length - 8];
    System.arraycopy(given, 8, after, 0, after.length);
    byte[][] stoppedAt = {null};
    state.scanAfter(
        PREFIX,
        after,
        (key, value) -> {
          if (count[0] == failAtKey()) {
            throw new MigrationException(name(), key, "injected failure at key " + count[0]);
          }
          byte[] migrated = new byte[17];
          migrated[0] = 2;
          System.arraycopy(value, 0, migrated, 1, 8);
          state.put(key, migrated);
          count[0]++;
          if (context.budgetExhausted()) {
            stoppedAt[0] = key;
            return false;
          }
          return true;
        });
    if (stoppedAt[0] == null) {
      if (failAtEnd()) {
        throw new MigrationException(name(), null, "injected failure at the last step");
      }
      return Optional.empty();
    }
    byte[] next = new byte[8 + stoppedAt[0].length];
    writeLong(next, count[0]);
    System.arraycopy(stoppedAt[0], 0, next, 8, stoppedAt[0].length);
    return Optional.of(next);
  }

  @Override
  public void validate(StateView before, StateView after) {}

  private static long readLong(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xffL);
    }
    return v;
  }

  private static void writeLong(byte[] b, long v) {
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
  }
}
