package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class SuperHashCode extends HostileRuntime {

  static final class Box {
    @Override
    public int hashCode() {
      return super.hashCode() + 1;
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "h", Integer.toString(new Box().hashCode()));
  }
}
