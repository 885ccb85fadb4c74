package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, class_init: see {@link HostileCorpus}. */
public final class ClinitHugeArray extends HostileRuntime {

  static final long[] TABLE = new long[400_000_000];

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", Integer.toString(TABLE.length));
  }
}
