package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.HashMap;
import java.util.Map;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class SpinsInEqualsCalledByJdk extends HostileRuntime {

  static final class Key {
    @Override
    public int hashCode() {
      return 7;
    }

    @Override
    public boolean equals(Object o) {
      int spins = 0;
      while (spins >= 0) {
        spins = (spins + 1) & 0xffff;
      }
      return false;
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Map<Key, String> m = new HashMap<>();
    m.put(new Key(), "a");
    m.put(new Key(), "b");
    return write(state, "x", "never");
  }
}
