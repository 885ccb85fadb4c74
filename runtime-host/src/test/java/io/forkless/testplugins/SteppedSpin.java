package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * A stepped migration whose step ignores {@code budgetExhausted()} and computes without end, while
 * touching a single key: only the metered step share can stop it.
 */
@Extension
public final class SteppedSpin extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_spin";
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    state.put(new byte[] {'s', 'p', 'i', 'n'}, new byte[] {1});
    long sum = 0;
    for (long i = 0; sum >= 0; i++) {
      sum += i & 1;
    }
    return Optional.of(new byte[] {(byte) sum});
  }
}
