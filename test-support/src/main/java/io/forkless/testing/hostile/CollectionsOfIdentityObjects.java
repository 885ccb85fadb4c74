package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hostile corpus, identity: see {@link HostileCorpus}. */
public final class CollectionsOfIdentityObjects extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    List<Object> l = new ArrayList<>();
    l.add(new ArrayDeque<String>());
    l.add(new StringBuilder("sb"));
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put(new Object(), l);
    return write(
        state, "h", m.hashCode() + " " + m + " " + l.hashCode() + " " + m.entrySet().hashCode());
  }
}
