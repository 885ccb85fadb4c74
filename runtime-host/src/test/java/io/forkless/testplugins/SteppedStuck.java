package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import java.util.Optional;
import org.pf4j.Extension;

/** Returns the cursor it was given and writes nothing: it would never finish. */
@Extension
public final class SteppedStuck extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_stuck";
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    return Optional.of(cursor.orElse(new byte[0]));
  }
}
