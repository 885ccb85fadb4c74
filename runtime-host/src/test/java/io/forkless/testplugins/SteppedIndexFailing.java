package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.util.Optional;

/**
 * Adds an index key per account (idx/NAME) a budget at a time, leaving the accounts as they are (so
 * the previous runtime serves users meanwhile: a plan that lets them in), with hooks to fail at the
 * n-th account, in the last step, in the validation, or to break the supply invariant. The cursor
 * is the count of accounts indexed so far (8 bytes) followed by the last key, so a failure is at
 * the same account on every node and after a restart.
 */
public abstract class SteppedIndexFailing implements SteppedMigration {

  static final byte[] PREFIX = {'a', 'c', 'c', 't', '/'};

  /** Index (0-based, in key order) of the account at which a step throws; -1 never. */
  protected int failAtKey() {
    return -1;
  }

  /** Whether the step that reaches the end throws instead of returning done. */
  protected boolean failAtEnd() {
    return false;
  }

  /** Whether the validation fails. */
  protected boolean failValidation() {
    return false;
  }

  /**
   * Whether the last step copies the last account to a new key, minting its balance: the new
   * runtime's invariants then differ from the previous runtime's on the pre-upgrade snapshot.
   */
  protected boolean mintAtEnd() {
    return false;
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    byte[] given = cursor.orElse(new byte[8]);
    long[] count = {readLong(given)};
    byte[] after = new byte[given.length - 8];
    System.arraycopy(given, 8, after, 0, after.length);
    byte[][] stoppedAt = {null};
    byte[][] lastValue = {null};
    state.scanAfter(
        PREFIX,
        after,
        (key, value) -> {
          if (count[0] == failAtKey()) {
            throw new MigrationException(name(), key, "injected failure at account " + count[0]);
          }
          byte[] index = new byte[key.length - 1];
          index[0] = 'i';
          index[1] = 'd';
          index[2] = 'x';
          index[3] = '/';
          System.arraycopy(key, 5, index, 4, key.length - 5);
          state.put(index, new byte[] {1});
          lastValue[0] = value;
          count[0]++;
          if (context.budgetExhausted()) {
            stoppedAt[0] = key;
            return false;
          }
          return true;
        });
    if (stoppedAt[0] == null) {
      if (failAtEnd()) {
        throw new MigrationException(name(), null, "injected failure at the last step");
      }
      if (mintAtEnd() && lastValue[0] != null) {
        state.put(new byte[] {'a', 'c', 'c', 't', '/', '~'}, lastValue[0]);
      }
      return Optional.empty();
    }
    byte[] next = new byte[8 + stoppedAt[0].length];
    writeLong(next, count[0]);
    System.arraycopy(stoppedAt[0], 0, next, 8, stoppedAt[0].length);
    return Optional.of(next);
  }

  @Override
  public void validate(StateView before, StateView after) {
    if (failValidation()) {
      throw new MigrationException(name(), null, "injected validation failure");
    }
  }

  private static long readLong(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xffL);
    }
    return v;
  }

  private static void writeLong(byte[] b, long v) {
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
  }
}
