package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.HashMap;

/** Hostile corpus, ordering: see {@link HostileCorpus}. */
public final class OwnHashMapSubclass extends HostileRuntime {

  static final class Registry extends HashMap<Object, String> {
    private static final long serialVersionUID = 1L;
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Registry r = new Registry();
    for (int i = 0; i < 40; i++) {
      r.put(new Object(), "v" + i);
    }
    return write(state, "order", String.join(",", r.values()));
  }
}
