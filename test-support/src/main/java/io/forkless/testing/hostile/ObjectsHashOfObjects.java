package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.Objects;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class ObjectsHashOfObjects extends HostileRuntime {

  static final class Box {}

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "h", Integer.toString(Objects.hash(new Box(), new Object())));
  }
}
