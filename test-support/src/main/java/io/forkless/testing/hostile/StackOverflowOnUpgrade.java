package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;

/**
 * Hostile upgrade (issue #11): a runtime 1.1.0 whose every transaction overflows the JVM's stack.
 * Its recursion stays far below the metering's call-depth limit, but {@link HostileUpgrades}
 * rewrites {@link Frames#dive}'s frame to tens of thousands of local slots, so a few hundred calls
 * exhaust any thread's stack: a real {@link StackOverflowError} in the warm-up of the staged
 * runtime.
 */
public final class StackOverflowOnUpgrade extends HostileRuntime {

  @Override
  public RuntimeVersion version() {
    return RuntimeVersion.of(1, 1, 0);
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(state, "depth", Integer.toString(Frames.dive(200)));
  }

  /** The recursion whose frame is made huge. */
  static final class Frames {

    private Frames() {}

    static int dive(int n) {
      return n <= 0 ? 0 : 1 + dive(n - 1);
    }
  }
}
