package io.forkless.node.cli.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import java.nio.charset.StandardCharsets;
import org.pf4j.Extension;

/**
 * Deliberately broken: counts its runs in a field (a migration must keep nothing between calls) and
 * writes the count, so a second run from the same state gives another root. Packed into a signed
 * plugin JAR by the dry run's test.
 */
@Extension
public final class NotIdempotentMigration implements StateMigration {

  private int runs;

  @Override
  public String name() {
    return "not_idempotent";
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    runs++;
    state.put("runs".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) runs});
  }

  @Override
  public void validate(StateView before, StateView after) {}
}
