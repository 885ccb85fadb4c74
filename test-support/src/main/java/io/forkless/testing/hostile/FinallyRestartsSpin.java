package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, swallowing: see {@link HostileCorpus}. */
public final class FinallyRestartsSpin extends HostileRuntime {

  private int spins;

  private void spin() {
    while (spins >= 0) {
      spins = (spins + 1) & 0xffff;
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    for (int round = 0; round < 1_000_000; round++) {
      try {
        spin();
      } finally {
        spins = 0;
      }
    }
    return write(state, "x", "never");
  }
}
