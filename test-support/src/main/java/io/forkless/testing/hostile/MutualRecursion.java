package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, recursion: see {@link HostileCorpus}. */
public final class MutualRecursion extends HostileRuntime {

  private static int ping(int n) {
    return pong(n + 1);
  }

  private static int pong(int n) {
    return ping(n + 1);
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", Integer.toString(ping(0)));
  }
}
