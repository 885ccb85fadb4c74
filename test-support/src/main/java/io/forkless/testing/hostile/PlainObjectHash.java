package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class PlainObjectHash extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "h", Integer.toString(new Object().hashCode()));
  }
}
