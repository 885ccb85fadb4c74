package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Adds an index key per account (idx/NAME), leaving the accounts as they are, so the previous
 * runtime keeps serving users meanwhile.
 */
@Extension
public final class SteppedIndex extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_index";
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    byte[][] stoppedAt = {null};
    state.scanAfter(
        PREFIX,
        cursor.orElse(new byte[0]),
        (key, value) -> {
          byte[] index = new byte[key.length - 1];
          index[0] = 'i';
          index[1] = 'd';
          index[2] = 'x';
          index[3] = '/';
          System.arraycopy(key, 5, index, 4, key.length - 5);
          state.put(index, new byte[] {1});
          if (context.budgetExhausted()) {
            stoppedAt[0] = key;
            return false;
          }
          return true;
        });
    return Optional.ofNullable(stoppedAt[0]);
  }
}
