package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import java.util.Optional;
import org.pf4j.Extension;

/** Ignores the budget: rewrites every account in its first step (an overrun). */
@Extension
public final class SteppedGreedy extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_greedy";
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    state.scan(
        PREFIX,
        (key, value) -> {
          byte[] migrated = new byte[17];
          migrated[0] = 2;
          System.arraycopy(value, 0, migrated, 1, 8);
          state.put(key, migrated);
        });
    return Optional.empty();
  }
}
