package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;

/**
 * Rewrites balances accounts from layout 1 to layout 2 like add_staking, with hooks for subclasses
 * to fail or misbehave at a chosen key.
 */
public abstract class Layout2Rewrite implements StateMigration {

  static final byte[] PREFIX = {'a', 'c', 'c', 't', '/'};

  /** Index of the key (0-based, in key order) at which to throw; -1 never. */
  protected abstract int failAt(int total);

  /** Extra coins to add to the first account (breaks total supply when non-zero). */
  protected long mint() {
    return 0;
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    int[] count = new int[1];
    state.scan(PREFIX, (k, v) -> count[0]++);
    int fail = failAt(count[0]);
    int[] index = new int[1];
    state.scan(
        PREFIX,
        (key, value) -> {
          if (index[0] == fail) {
            throw new MigrationException(name(), key, "injected failure at key " + index[0]);
          }
          byte[] migrated = new byte[17];
          migrated[0] = 2;
          System.arraycopy(value, 0, migrated, 1, 8);
          if (index[0] == 0 && mint() != 0) {
            long balance = 0;
            for (int i = 1; i < 9; i++) {
              balance = (balance << 8) | (migrated[i] & 0xffL);
            }
            balance += mint();
            for (int i = 8; i >= 1; i--) {
              migrated[i] = (byte) balance;
              balance >>>= 8;
            }
          }
          state.put(key, migrated);
          index[0]++;
          context.progress(index[0], count[0]);
        });
  }

  @Override
  public void validate(StateView before, StateView after) {}
}
