package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, recursion: see {@link HostileCorpus}. */
public final class InfiniteRecursion extends HostileRuntime {

  private static int down(int n) {
    return down(n + 1) + 1;
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", Integer.toString(down(0)));
  }
}
