package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, stack: see {@link HostileCorpus}. */
public final class ProbesDepthWithThrowable extends HostileRuntime {

  private static int depth(int n) {
    try {
      return depth(n + 1);
    } catch (Throwable e) {
      return n;
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "depth", Integer.toString(depth(0)));
  }
}
