package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, static state: a {@code static final} object whose field every call changes. */
public final class StaticHolderMutated extends HostileRuntime {

  static final Holder HOLDER = new Holder();

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    HOLDER.count++;
    return write(state, "count", Integer.toString(HOLDER.count));
  }

  /** A mutable holder. */
  static final class Holder {
    int count;
  }
}
