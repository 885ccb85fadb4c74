package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.StateView;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * A stepped validation that reads one account of the migrated state per key of budget and throws at
 * the 301st account (index 300): in a later block than the one where the migration finished.
 */
@Extension
public final class SteppedFailingValidationStep extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_bad_validation_step";
  }

  @Override
  public Optional<byte[]> validateStep(
      StateView before, StateView after, Optional<byte[]> cursor, MigrationContext context) {
    byte[] given = cursor.orElse(new byte[8]);
    long[] count = {0};
    for (int i = 0; i < 8; i++) {
      count[0] = (count[0] << 8) | (given[i] & 0xffL);
    }
    byte[] from = new byte[given.length - 8];
    System.arraycopy(given, 8, from, 0, from.length);
    byte[][] stoppedAt = {null};
    after.scanAfter(
        PREFIX,
        from,
        (key, value) -> {
          if (count[0] == 300) {
            throw new MigrationException(name(), key, "injected validation failure at key 300");
          }
          count[0]++;
          if (context.budgetExhausted()) {
            stoppedAt[0] = key;
            return false;
          }
          return true;
        });
    if (stoppedAt[0] == null) {
      return Optional.empty();
    }
    byte[] next = new byte[8 + stoppedAt[0].length];
    long c = count[0];
    for (int i = 7; i >= 0; i--) {
      next[i] = (byte) c;
      c >>>= 8;
    }
    System.arraycopy(stoppedAt[0], 0, next, 8, stoppedAt[0].length);
    return Optional.of(next);
  }
}
