package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class RecordWithEnumHash extends HostileRuntime {

  enum Color { RED }

  record Pair(Color color, Object other) {}

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Pair p = new Pair(Color.RED, new Object());
    return write(state, "h", p.hashCode() + " " + p);
  }
}
