package io.forkless.node.cli.verdict;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import org.pf4j.Extension;

/** A migration that fails at once (packed into a signed plugin JAR by DryRunVerdictTest). */
@Extension
public final class ThrowingMigration implements StateMigration {
  @Override
  public String name() {
    return "throwing";
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    throw new IllegalStateException("injected failure before any key");
  }

  @Override
  public void validate(StateView before, StateView after) {}
}
