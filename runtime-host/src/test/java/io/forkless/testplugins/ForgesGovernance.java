package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import org.pf4j.Extension;

/** Tries to write a governance record (a key in the host namespace): must be refused. */
@Extension
public final class ForgesGovernance implements StateMigration {
  @Override
  public String name() {
    return "forges_governance";
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    state.put(new byte[] {0, 'g', 'o', 'v', '/', 'o', 'p', 'e', 'n'}, new byte[8]);
  }

  @Override
  public void validate(StateView before, StateView after) {}
}
