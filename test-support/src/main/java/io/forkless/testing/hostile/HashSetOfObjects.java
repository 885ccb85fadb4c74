package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.HashSet;
import java.util.Set;

/** Hostile corpus, ordering: see {@link HostileCorpus}. */
public final class HashSetOfObjects extends HostileRuntime {

  static final class Box {
    final int id;

    Box(int id) {
      this.id = id;
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Set<Box> set = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      set.add(new Box(i));
    }
    StringBuilder order = new StringBuilder();
    for (Box b : set) {
      order.append(b.id).append(',');
    }
    return write(state, "order", order.toString());
  }
}
