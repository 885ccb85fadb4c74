package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, environment: see {@link HostileCorpus}. */
public final class StrictFloatingPoint extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    double x = 0.7;
    for (int i = 0; i < 100; i++) {
      x = Math.sin(x) * Math.exp(x) + Math.pow(x, 1.3) + Math.log1p(x);
    }
    return write(state, "x", Long.toHexString(Double.doubleToRawLongBits(x)));
  }
}
