package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class LambdaClassName extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Runnable r = () -> {};
    return write(state, "s", r.getClass().getName() + r.getClass().getSimpleName());
  }
}
