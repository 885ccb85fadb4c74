package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, swallowing: see {@link HostileCorpus}. */
public final class CatchErrorAroundRecursion extends HostileRuntime {

  private static int down(int n) {
    return down(n + 1);
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    int caught = 0;
    while (caught < 1_000_000) {
      try {
        down(0);
      } catch (Error e) {
        caught++;
      }
    }
    return write(state, "caught", Integer.toString(caught));
  }
}
