package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.Arrays;

/** Hostile corpus, static state: a static array handed to a JDK method that writes into it. */
public final class StaticArrayEscapes extends HostileRuntime {

  static final long[] TABLE = {1, 2, 3};

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Arrays.fill(TABLE, TABLE[0] + 1);
    return write(state, "first", Long.toString(TABLE[0]));
  }
}
