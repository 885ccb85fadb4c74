package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.Map;

/** Hostile corpus, ordering: see {@link HostileCorpus}. */
public final class MapOfSalted extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "order", Map.of("a", 1, "b", 2, "c", 3).keySet().toString());
  }
}
