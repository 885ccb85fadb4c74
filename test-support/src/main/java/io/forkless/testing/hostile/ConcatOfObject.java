package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class ConcatOfObject extends HostileRuntime {

  static final class Box {}

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "s", "box=" + new Box() + " obj=" + new Object());
  }
}
