package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, class_init: see {@link HostileCorpus}. */
public final class ConstructorSpins extends HostileRuntime {

  private int spins;

  public ConstructorSpins() {
    while (spins >= 0) {
      spins = (spins + 1) & 0xffff;
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", Integer.toString(spins));
  }
}
