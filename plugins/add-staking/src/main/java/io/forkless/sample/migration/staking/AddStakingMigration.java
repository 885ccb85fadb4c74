package io.forkless.sample.migration.staking;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pf4j.Extension;

/**
 * {@code add_staking}: rewrites every account record from the balances 1.x layout to the 2.0.0
 * layout (docs/state-encoding.md).
 *
 * <pre>
 * layout 1: balance (8 bytes, big-endian)
 * layout 2: 0x02, balance (8 bytes), staked (8 bytes, = 0)
 * </pre>
 *
 * The encodings are written out here rather than shared with the runtimes: a plugin JAR stands
 * alone in its own class loader and must keep reading layout 1 after the runtimes have moved on.
 */
@Extension
public final class AddStakingMigration implements StateMigration {

  static final String NAME = "add_staking";
  private static final byte[] ACCOUNT_PREFIX = "acct/".getBytes(StandardCharsets.US_ASCII);
  private static final int LAYOUT_1_LENGTH = 8;
  private static final int LAYOUT_2_LENGTH = 17;
  private static final byte LAYOUT_2_TAG = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    long[] count = new long[1];
    state.scan(ACCOUNT_PREFIX, (key, value) -> count[0]++);
    long total = count[0];
    long[] done = new long[1];
    state.scan(
        ACCOUNT_PREFIX,
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
          // bytes 9..16 stay zero: nothing is staked yet
          state.put(key, migrated);
          done[0]++;
          context.progress(done[0], total);
        });
  }

  @Override
  public void validate(StateView before, StateView after) {
    long[] supplyBefore = new long[2];
    before.scan(
        ACCOUNT_PREFIX,
        (key, old) -> {
          byte[] now =
              after
                  .get(key)
                  .orElseThrow(() -> new MigrationException(NAME, key, "account disappeared"));
          if (now.length != LAYOUT_2_LENGTH || now[0] != LAYOUT_2_TAG) {
            throw new MigrationException(NAME, key, "account was not migrated to layout 2");
          }
          if (!Arrays.equals(now, 1, 1 + LAYOUT_1_LENGTH, old, 0, LAYOUT_1_LENGTH)) {
            throw new MigrationException(NAME, key, "balance changed during migration");
          }
          if (readLong(now, 9) != 0) {
            throw new MigrationException(NAME, key, "staked amount must start at 0");
          }
          supplyBefore[0] = Math.addExact(supplyBefore[0], readLong(old, 0));
          supplyBefore[1]++;
        });
    long[] supplyAfter = new long[2];
    after.scan(
        ACCOUNT_PREFIX,
        (key, now) -> {
          supplyAfter[0] = Math.addExact(supplyAfter[0], readLong(now, 1) + readLong(now, 9));
          supplyAfter[1]++;
        });
    if (supplyAfter[1] != supplyBefore[1]) {
      throw new MigrationException(
          NAME, "account count changed from " + supplyBefore[1] + " to " + supplyAfter[1]);
    }
    if (supplyAfter[0] != supplyBefore[0]) {
      throw new MigrationException(
          NAME, "total supply changed from " + supplyBefore[0] + " to " + supplyAfter[0]);
    }
  }

  private static long readLong(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (in[offset + i] & 0xffL);
    }
    return value;
  }
}
