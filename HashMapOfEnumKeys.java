package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.HashMap;
import java.util.Map;

/** Hostile corpus, ordering: see {@link HostileCorpus}. */
public final class HashMapOfEnumKeys extends HostileRuntime {

  enum Color { RED, GREEN, BLUE, CYAN, MAGENTA, YELLOW }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Map<Color, Integer> map = new HashMap<>();
    for (Color c : Color.values()) {
      map.put(c, c.ordinal());
    }
    return write(state, "order", map.keySet().toString());
  }
}
