package io.forkless.node.cli.verdict;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * A stepped migration that rewrites each account a budget at a time and throws at the 31st account
 * in key order (its fourth block at 10 accounts a block).
 */
@Extension
public final class ThrowingSteppedMigration implements SteppedMigration {
  private static final byte[] PREFIX = {'a', 'c', 'c', 't', '/'};

  @Override
  public String name() {
    return "throwing_stepped";
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    // The cursor: keys rewritten so far (1 byte, at most 50 here), then the last key.
    byte[] given = cursor.orElse(new byte[1]);
    int[] count = {given[0]};
    byte[] after = new byte[given.length - 1];
    System.arraycopy(given, 1, after, 0, after.length);
    byte[][] stoppedAt = {null};
    state.scanAfter(
        PREFIX,
        after,
        (key, value) -> {
          if (count[0] == 30) {
            throw new MigrationException(name(), key, "injected failure at account 30");
          }
          byte[] next = new byte[value.length + 1];
          System.arraycopy(value, 0, next, 0, value.length);
          state.put(key, next);
          count[0]++;
          if (context.budgetExhausted()) {
            stoppedAt[0] = key;
            return false;
          }
          return true;
        });
    if (stoppedAt[0] == null) {
      return Optional.empty();
    }
    byte[] next = new byte[1 + stoppedAt[0].length];
    next[0] = (byte) count[0];
    System.arraycopy(stoppedAt[0], 0, next, 1, stoppedAt[0].length);
    return Optional.of(next);
  }

  @Override
  public void validate(StateView before, StateView after) {}
}
