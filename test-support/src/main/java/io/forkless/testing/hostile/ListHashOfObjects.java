package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.List;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class ListHashOfObjects extends HostileRuntime {

  static final class Box {}

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    List<Object> l = new ArrayList<>();
    l.add(new Box());
    l.add(new Object());
    return write(state, "h", Integer.toString(l.hashCode()) + l);
  }
}
