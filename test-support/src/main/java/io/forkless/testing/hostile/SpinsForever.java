package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class SpinsForever extends HostileRuntime {

  private int spins;

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    while (spins >= 0) {
      spins = (spins + 1) & 0xffff;
    }
    return write(state, "x", "never");
  }
}
