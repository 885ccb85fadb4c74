package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.Collections;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class NCopies extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(
        state, "x", Integer.toString(new ArrayList<>(Collections.nCopies(1 << 30, "x")).size()));
  }
}
