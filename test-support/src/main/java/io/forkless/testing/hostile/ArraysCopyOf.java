package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.Arrays;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class ArraysCopyOf extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    byte[] big = Arrays.copyOf(new byte[1], Integer.MAX_VALUE - 8);
    return write(state, "x", Integer.toString(big.length));
  }
}
