package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class SpinsInToStringOfConcat extends HostileRuntime {

  static final class Slow {
    @Override
    public String toString() {
      int spins = 0;
      while (spins >= 0) {
        spins = (spins + 1) & 0xffff;
      }
      return "never";
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", "slow=" + new Slow());
  }
}
