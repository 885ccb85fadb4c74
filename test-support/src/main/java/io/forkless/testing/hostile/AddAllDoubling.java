package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.List;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class AddAllDoubling extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    List<Integer> l = new ArrayList<>();
    l.add(1);
    for (int i = 0; i < 40; i++) {
      l.addAll(l);
    }
    return write(state, "x", Integer.toString(l.size()));
  }
}
