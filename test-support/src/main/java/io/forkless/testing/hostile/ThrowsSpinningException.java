package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class ThrowsSpinningException extends HostileRuntime {

  static final class Nasty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      int spins = 0;
      while (spins >= 0) {
        spins = (spins + 1) & 0xffff;
      }
      return "never";
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    throw new Nasty();
  }
}
