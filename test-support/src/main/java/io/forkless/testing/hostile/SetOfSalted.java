package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.Set;

/** Hostile corpus, ordering: see {@link HostileCorpus}. */
public final class SetOfSalted extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "order", String.join(",", Set.of("a", "b", "c", "d")));
  }
}
