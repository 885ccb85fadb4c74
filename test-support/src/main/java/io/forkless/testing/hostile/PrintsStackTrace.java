package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, stack: see {@link HostileCorpus}. */
public final class PrintsStackTrace extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    new IllegalStateException().printStackTrace();
    return write(state, "x", "y");
  }
}
