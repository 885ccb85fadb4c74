package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.HashMap;
import java.util.Map;

/** Hostile corpus, recursion: see {@link HostileCorpus}. */
public final class RecursiveHashCodeViaJdk extends HostileRuntime {

  static final class Deep {
    @Override
    public int hashCode() {
      Map<Deep, String> inner = new HashMap<>();
      inner.put(new Deep(), "x");
      return inner.size();
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Map<Deep, String> m = new HashMap<>();
    m.put(new Deep(), "a");
    return write(state, "x", "never");
  }
}
