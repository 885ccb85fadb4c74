package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.HashSet;
import java.util.Set;

/** Hostile corpus, ordering: see {@link HostileCorpus}. */
public final class HashSetOfLambdas extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Set<Runnable> set = new HashSet<>();
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      int n = i;
      set.add(() -> order.append(n).append(','));
    }
    set.forEach(Runnable::run);
    return write(state, "order", order.toString());
  }
}
