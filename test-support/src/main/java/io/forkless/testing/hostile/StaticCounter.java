package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, static state: a counter in a static field, written by every transaction. */
public final class StaticCounter extends HostileRuntime {

  static int count;

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    count++;
    return write(state, "count", Integer.toString(count));
  }
}
