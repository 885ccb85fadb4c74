package io.forkless.node.cli.verdict;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.util.Optional;
import org.pf4j.Extension;

/** A stepped migration that writes every account back unchanged: the state is not migrated. */
@Extension
public final class NoOpSteppedMigration implements SteppedMigration {
  private static final byte[] PREFIX = {'a', 'c', 'c', 't', '/'};

  @Override
  public String name() {
    return "no_op_stepped";
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    byte[][] stoppedAt = {null};
    state.scanAfter(
        PREFIX,
        cursor.orElse(new byte[0]),
        (key, value) -> {
          state.put(key, value);
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
