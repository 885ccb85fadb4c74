package io.forkless.node.cli.verdict;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import org.pf4j.Extension;

/** A migration that changes nothing: the post-upgrade rule refuses it. */
@Extension
public final class NoOpMigration implements StateMigration {
  @Override
  public String name() {
    return "no_op";
  }

  @Override
  public void migrate(State state, MigrationContext context) {}

  @Override
  public void validate(StateView before, StateView after) {}
}
