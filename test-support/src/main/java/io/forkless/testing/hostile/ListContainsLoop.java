package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Hostile corpus, loops: see {@link HostileCorpus}. */
public final class ListContainsLoop extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    List<String> big = new ArrayList<>(Collections.nCopies(1 << 20, "x"));
    int found = 0;
    for (int i = 0; i < Integer.MAX_VALUE; i++) {
      found += big.contains("y") ? 1 : 0;
    }
    return write(state, "x", Integer.toString(found));
  }
}
