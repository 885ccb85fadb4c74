package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;

/**
 * Hostile corpus, instance state: a counter in a field of the runtime object. Every call runs on a
 * new instance, so every transaction sees 0 and writes 1, on a node that ran all along and on one
 * restarted mid-chain alike.
 */
public final class InstanceCounter extends HostileRuntime {

  private int calls;

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    calls++;
    return write(state, "calls", "calls=" + calls);
  }
}
