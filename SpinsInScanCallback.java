package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class SpinsInScanCallback extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    int[] spins = {0};
    state.scan(
        new byte[0],
        (k, v) -> {
          while (spins[0] >= 0) {
            spins[0] = (spins[0] + 1) & 0xffff;
          }
        });
    return write(state, "x", "scanned");
  }
}
