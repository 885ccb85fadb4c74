package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, environment: see {@link HostileCorpus}. */
public final class SplitWithRegex extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(
        state, "n", Integer.toString("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".split("(a|aa)+b").length));
  }
}
