package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;

/** Hostile corpus, owner_renaming: see {@link HostileCorpus}. */
public final class StreamViaArrayListOwner extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    ArrayList<String> l = new ArrayList<>();
    l.add("a");
    return write(state, "n", Long.toString(l.stream().count()));
  }
}
