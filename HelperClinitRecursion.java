package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, class_init: see {@link HostileCorpus}. */
public final class HelperClinitRecursion extends HostileRuntime {

  static final class Helper {
    static final int VALUE = down(0);

    static int down(int n) {
      return down(n + 1) + 1;
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", Integer.toString(Helper.VALUE));
  }
}
