package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.List;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class SpinsInLambda extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    List<Integer> l = new ArrayList<>();
    l.add(1);
    int[] spins = {0};
    l.forEach(
        x -> {
          while (spins[0] >= 0) {
            spins[0] = (spins[0] + 1) & 0xffff;
          }
        });
    return write(state, "x", "never");
  }
}
