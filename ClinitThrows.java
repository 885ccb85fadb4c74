package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, class_init: see {@link HostileCorpus}. */
public final class ClinitThrows extends HostileRuntime {

  static final int VALUE = Integer.parseInt("not a number");

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", Integer.toString(VALUE));
  }
}
