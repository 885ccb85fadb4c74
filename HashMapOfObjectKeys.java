package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.HashMap;
import java.util.Map;

/** Hostile corpus, ordering: see {@link HostileCorpus}. */
public final class HashMapOfObjectKeys extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Map<Object, Integer> map = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      map.put(new Object(), i);
    }
    StringBuilder order = new StringBuilder();
    map.values().forEach(v -> order.append(v).append(','));
    return write(state, "order", order.toString());
  }
}
