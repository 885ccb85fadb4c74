package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile corpus, static state: a {@code static final} list filled by {@code add()}, which is no
 * {@code PUTSTATIC}: refused by what the field holds once initialised.
 */
public final class StaticListMutated extends HostileRuntime {

  static final List<String> SEEN = new ArrayList<>();

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    SEEN.add("tx");
    return write(state, "seen", Integer.toString(SEEN.size()));
  }
}
