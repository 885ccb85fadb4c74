package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class ArrayListCapacity extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", Integer.toString(new ArrayList<String>(Integer.MAX_VALUE - 8).size()));
  }
}
