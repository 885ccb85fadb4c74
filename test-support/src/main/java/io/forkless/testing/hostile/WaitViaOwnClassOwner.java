package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, owner_renaming: see {@link HostileCorpus}. */
public final class WaitViaOwnClassOwner extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    try {
      wait(1);
    } catch (InterruptedException e) {
      return write(state, "x", "interrupted");
    }
    return write(state, "x", "waited");
  }
}
