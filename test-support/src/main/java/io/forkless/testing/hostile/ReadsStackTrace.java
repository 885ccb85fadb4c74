package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, stack: see {@link HostileCorpus}. */
public final class ReadsStackTrace extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(
        state, "frames", Integer.toString(new IllegalStateException().getStackTrace().length));
  }
}
