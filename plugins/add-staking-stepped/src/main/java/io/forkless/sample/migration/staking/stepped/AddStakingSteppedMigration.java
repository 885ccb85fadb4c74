package io.forkless.sample.migration.staking.stepped;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import io.forkless.sample.migration.staking.AddStakingMigration;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * {@code add_staking_stepped}: add_staking's rewrite (docs/state-encoding.md, layout 1 to layout 2)
 * a block's budget at a time. The cursor is the last account key rewritten; each step resumes right
 * after it and stops once the host says the block's share is used. Its end state is exactly
 * add_staking's, and so is its {@code validate} (reused from {@link AddStakingMigration}, whose
 * classes this JAR carries).
 */
@Extension
public final class AddStakingSteppedMigration implements SteppedMigration {

  static final String NAME = "add_staking_stepped";
  private static final byte[] ACCOUNT_PREFIX = "acct/".getBytes(StandardCharsets.US_ASCII);
  private static final int LAYOUT_1_LENGTH = 8;
  private static final int LAYOUT_2_LENGTH = 17;
  private static final byte LAYOUT_2_TAG = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    byte[][] last = {null}; // the key the step stopped after, when it stopped early
    state.scanAfter(
        ACCOUNT_PREFIX,
        cursor.orElse(new byte[0]),
        (key, value) -> {
          if (value.length != LAYOUT_1_LENGTH) {
            throw new MigrationException(
                NAME,
                key,
                "expected an 8-byte layout-1 account record but found " + value.length + " bytes");
          }
          byte[] migrated = new byte[LAYOUT_2_LENGTH];
          migrated[0] = LAYOUT_2_TAG;
          System.arraycopy(value, 0, migrated, 1, LAYOUT_1_LENGTH);
          state.put(key, migrated);
          if (context.budgetExhausted()) {
            last[0] = key;
            return false;
          }
          return true;
        });
    // No cursor when the scan ran to the end of the accounts: the migration is done.
    return Optional.ofNullable(last[0]);
  }

  @Override
  public void validate(StateView before, StateView after) {
    new AddStakingMigration().validate(before, after);
  }
}
