package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class BuilderSelfAppend extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    StringBuilder sb = new StringBuilder("x");
    for (int i = 0; i < 40; i++) {
      sb.append((CharSequence) sb);
    }
    return write(state, "x", Integer.toString(sb.length()));
  }
}
