package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class MethodRefHash extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    ToIntFunction<Object> hash = Object::hashCode;
    List<Object> l = new ArrayList<>();
    l.add(new Object());
    l.add(new StringBuilder());
    int sum = 0;
    for (Object o : l) {
      sum = sum * 31 + hash.applyAsInt(o);
    }
    return write(state, "h", Integer.toString(sum));
  }
}
