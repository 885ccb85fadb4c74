package io.forkless.sample.migration.staking.stepped;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import io.forkless.sample.migration.staking.AddStakingMigration;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  private static final int COUNT_BYTES = Long.BYTES;

  /** Validation cursor: pass (1 byte), four totals (8 bytes each), then the last key. */
  private static final int TOTALS_END = 1 + 4 * Long.BYTES;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The cursor is the count of accounts rewritten so far (8 bytes) and the last account key. The
   * estimate of the total ({@link MigrationContext#progress}) is deterministic, from state and
   * cursor only: account keys are public keys, spread evenly over the key space, so the share of
   * the key space passed (the first 6 hex digits of the last key) estimates the share of accounts
   * done. None is given before a thousandth of the key space is passed.
   */
  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    byte[] given = cursor.orElse(new byte[COUNT_BYTES]);
    long[] count = {readLong(given, 0)};
    byte[] from = Arrays.copyOfRange(given, COUNT_BYTES, given.length);
    byte[][] last = {null}; // the key the step stopped after, when it stopped early
    state.scanAfter(
        ACCOUNT_PREFIX,
        from,
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
          count[0]++;
          if (context.budgetExhausted()) {
            last[0] = key;
            return false;
          }
          return true;
        });
    // No cursor when the scan ran to the end of the accounts: the migration is done.
    if (last[0] == null) {
      context.progress(count[0], count[0]);
      return Optional.empty();
    }
    context.progress(count[0], estimate(count[0], last[0]));
    byte[] next = new byte[COUNT_BYTES + last[0].length];
    writeLong(next, 0, count[0]);
    System.arraycopy(last[0], 0, next, COUNT_BYTES, last[0].length);
    return Optional.of(next);
  }

  /** Accounts in all, from {@code done} up to {@code lastKey}; 0 (none) when too early to say. */
  static long estimate(long done, byte[] lastKey) {
    int digits = 6;
    if (lastKey.length < ACCOUNT_PREFIX.length + digits) {
      return 0;
    }
    long position = 0;
    for (int i = 0; i < digits; i++) {
      int d = Character.digit(lastKey[ACCOUNT_PREFIX.length + i], 16);
      if (d < 0) {
        return 0; // not a hex key: no estimate
      }
      position = position * 16 + d;
    }
    long space = 1L << (4 * digits);
    if (position < space / 1000) {
      return 0;
    }
    // done / (position / space) in integers (no overflow below 2^39 accounts).
    return Math.max(done, done * space / (position + 1));
  }

  @Override
  public void validate(StateView before, StateView after) {
    new AddStakingMigration().validate(before, after);
  }

  /**
   * add_staking's validation a block's share at a time, in two passes: every account of the state
   * before must be in the migrated state in layout 2 with its balance and a zero stake (summing
   * count and supply before), then the migrated accounts are summed; at the end both counts and
   * both supplies must agree. The cursor carries the pass, the four running totals and the last
   * account key checked.
   */
  @Override
  public Optional<byte[]> validateStep(
      StateView before, StateView after, Optional<byte[]> cursor, MigrationContext context) {
    byte[] at = cursor.orElse(null);
    int pass = at == null ? 1 : at[0];
    long[] totals = new long[4]; // count before, supply before, count after, supply after
    for (int i = 0; i < 4; i++) {
      totals[i] = at == null ? 0 : readLong(at, 1 + i * Long.BYTES);
    }
    byte[] from = at == null ? new byte[0] : Arrays.copyOfRange(at, TOTALS_END, at.length);
    byte[][] last = {null};
    if (pass == 1) {
      before.scanAfter(
          ACCOUNT_PREFIX,
          from,
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
            totals[0]++;
            totals[1] = Math.addExact(totals[1], readLong(old, 0));
            if (context.budgetExhausted()) {
              last[0] = key;
              return false;
            }
            return true;
          });
      if (last[0] != null) {
        return Optional.of(cursor(1, totals, last[0]));
      }
      pass = 2;
      from = new byte[0];
      if (context.budgetExhausted()) {
        return Optional.of(cursor(2, totals, from));
      }
    }
    after.scanAfter(
        ACCOUNT_PREFIX,
        from,
        (key, now) -> {
          totals[2]++;
          totals[3] = Math.addExact(totals[3], Math.addExact(readLong(now, 1), readLong(now, 9)));
          if (context.budgetExhausted()) {
            last[0] = key;
            return false;
          }
          return true;
        });
    if (last[0] != null) {
      return Optional.of(cursor(2, totals, last[0]));
    }
    if (totals[2] != totals[0]) {
      throw new MigrationException(
          NAME, "account count changed from " + totals[0] + " to " + totals[2]);
    }
    if (totals[3] != totals[1]) {
      throw new MigrationException(
          NAME, "total supply changed from " + totals[1] + " to " + totals[3]);
    }
    return Optional.empty();
  }

  private static byte[] cursor(int pass, long[] totals, byte[] key) {
    byte[] out = new byte[TOTALS_END + key.length];
    out[0] = (byte) pass;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < Long.BYTES; j++) {
        out[1 + i * Long.BYTES + j] = (byte) (totals[i] >>> (56 - 8 * j));
      }
    }
    System.arraycopy(key, 0, out, TOTALS_END, key.length);
    return out;
  }

  private static void writeLong(byte[] out, int offset, long v) {
    for (int j = 0; j < Long.BYTES; j++) {
      out[offset + j] = (byte) (v >>> (56 - 8 * j));
    }
  }

  private static long readLong(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (in[offset + i] & 0xffL);
    }
    return value;
  }
}
