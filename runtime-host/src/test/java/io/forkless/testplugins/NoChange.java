package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import org.pf4j.Extension;

/** Claims to migrate but writes nothing: post-upgrade validation must catch the unchanged root. */
@Extension
public final class NoChange implements StateMigration {
  @Override
  public String name() {
    return "no_change";
  }

  @Override
  public void migrate(State state, MigrationContext context) {}

  @Override
  public void validate(StateView before, StateView after) {}
}
