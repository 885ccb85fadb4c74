package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, swallowing: see {@link HostileCorpus}. */
public final class CatchAroundHugeArray extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    int caught = 0;
    for (int i = 0; i < 10; i++) {
      try {
        long[] a = new long[Integer.MAX_VALUE - 8];
        caught += a.length;
      } catch (Throwable t) {
        caught++;
      }
    }
    return write(state, "caught", Integer.toString(caught));
  }
}
