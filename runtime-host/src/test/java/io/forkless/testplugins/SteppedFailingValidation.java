package io.forkless.testplugins;

import io.forkless.api.MigrationException;
import io.forkless.api.StateView;
import org.pf4j.Extension;

/** Rewrites every account, then its validation fails. */
@Extension
public final class SteppedFailingValidation extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_bad_validation";
  }

  @Override
  public void validate(StateView before, StateView after) {
    throw new MigrationException(name(), null, "injected validation failure");
  }
}
