package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.List;

/** Hostile corpus, allocation: see {@link HostileCorpus}. */
public final class ArrayGrowthLoop extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    List<byte[]> keep = new ArrayList<>();
    while (true) {
      keep.add(new byte[1 << 20]);
      if (keep.size() < 0) {
        return write(state, "x", "never");
      }
    }
  }
}
