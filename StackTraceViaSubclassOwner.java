package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, owner_renaming: see {@link HostileCorpus}. */
public final class StackTraceViaSubclassOwner extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    IllegalArgumentException e = new IllegalArgumentException();
    return write(state, "n", Integer.toString(e.getStackTrace().length));
  }
}
