package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class ArrayCopyLoop extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    long[] big = new long[1 << 20];
    long[] other = new long[1 << 20];
    for (int i = 0; i < Integer.MAX_VALUE; i++) {
      System.arraycopy(big, 0, other, 0, big.length);
    }
    return write(state, "x", "never");
  }
}
