package io.forkless.node.cli.verdict;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * A stepped migration that rewrites each account a budget at a time and throws at account key
 * {@code acct/acct030} (its fourth block at 10 accounts a block).
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
    byte[][] stoppedAt = {null};
    state.scanAfter(
        PREFIX,
        cursor.orElse(new byte[0]),
        (key, value) -> {
          if (key.length == 12 && key[9] == '0' && key[10] == '3' && key[11] == '0') {
            throw new MigrationException(name(), key, "injected failure at account 30");
          }
          byte[] next = new byte[value.length + 1];
          System.arraycopy(value, 0, next, 0, value.length);
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
  public void validate(StateView before, StateView after) {}
}
