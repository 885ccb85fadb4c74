package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import org.pf4j.Extension;

/**
 * Writes one unrelated key and leaves the accounts in layout 1: the root changes, but the new 2.0.0
 * runtime throws when it first reads the state (its invariants).
 */
@Extension
public final class MarkerOnly implements StateMigration {
  @Override
  public String name() {
    return "marker_only";
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    state.put(new byte[] {'m', 'a', 'r', 'k'}, new byte[] {1});
  }

  @Override
  public void validate(StateView before, StateView after) {}
}
