package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.function.IntSupplier;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class LambdaToString extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    IntSupplier r = () -> 1;
    return write(state, "s", "" + r);
  }
}
