package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.Arrays;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class ArraysFillLoop extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    long[] big = new long[1 << 20];
    for (long i = 0; i < Long.MAX_VALUE; i++) {
      Arrays.fill(big, i);
    }
    return write(state, "x", "never");
  }
}
