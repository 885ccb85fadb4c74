package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class MultiArray extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    long[][] grid = new long[20_000][20_000];
    return write(state, "x", Integer.toString(grid.length));
  }
}
