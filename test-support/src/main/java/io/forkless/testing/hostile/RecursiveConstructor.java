package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/** Hostile corpus, recursion: see {@link HostileCorpus}. */
public final class RecursiveConstructor extends HostileRuntime {

  static final class Node {
    final Node next;

    Node() {
      next = new Node();
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "x", String.valueOf(new Node().next != null));
  }
}
