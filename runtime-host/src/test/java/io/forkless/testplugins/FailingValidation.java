package io.forkless.testplugins;

import io.forkless.api.MigrationException;
import io.forkless.api.StateView;
import org.pf4j.Extension;

/** Migrates correctly, then its validation refuses the result. */
@Extension
public final class FailingValidation extends Layout2Rewrite {
  @Override
  public String name() {
    return "failing_validation";
  }

  @Override
  protected int failAt(int total) {
    return -1;
  }

  @Override
  public void validate(StateView before, StateView after) {
    throw new MigrationException(name(), "injected validation failure");
  }
}
