package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class StringDoubling extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    String s = "x";
    for (int i = 0; i < 40; i++) {
      s = s + s;
    }
    return write(state, "x", Integer.toString(s.length()));
  }
}
