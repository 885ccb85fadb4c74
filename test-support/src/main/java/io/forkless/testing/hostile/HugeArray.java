package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class HugeArray extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    long[] a = new long[Integer.MAX_VALUE - 8];
    return write(state, "x", Integer.toString(a.length));
  }
}
