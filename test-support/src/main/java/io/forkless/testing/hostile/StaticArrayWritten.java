package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, static state: a counter in an element of a {@code static final} array. */
public final class StaticArrayWritten extends HostileRuntime {

  static final int[] COUNTER = new int[1];

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    int[] alias = COUNTER;
    alias[0]++;
    return write(state, "count", Integer.toString(COUNTER[0]));
  }
}
