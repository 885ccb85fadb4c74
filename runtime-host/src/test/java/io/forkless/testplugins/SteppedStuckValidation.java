package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.StateView;
import java.util.Optional;
import org.pf4j.Extension;

/** A stepped validation that returns, on its second call, the cursor it was given. */
@Extension
public final class SteppedStuckValidation extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_stuck_validation";
  }

  @Override
  public Optional<byte[]> validateStep(
      StateView before, StateView after, Optional<byte[]> cursor, MigrationContext context) {
    return Optional.of(cursor.orElse(new byte[] {1}));
  }
}
