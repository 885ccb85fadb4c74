package io.forkless.host.metering;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.State;
import io.forkless.api.StateView;

/**
 * The chain's entry point into runtime code for one block: the block's step budget, read from the
 * chain parameters ({@link MeteringParameters}), shared by its runtime transactions, each of which
 * runs under its own meter. A transaction that passes a limit gets a rejected receipt ("out of
 * steps at … after N steps"), its writes are discarded by the caller, and the block goes on; once
 * the block budget is spent, the remaining transactions are rejected without running.
 *
 * <p>One instance per block, used on the block's thread only.
 */
public final class MeteredExecution {

  private final MeteringLimits limits;
  private final long migrationSteps;
  private long blockRemaining;

  private MeteredExecution(MeteringLimits limits, long migrationSteps) {
    if (migrationSteps < 0) {
      throw new IllegalArgumentException("migration steps must be >= 0, was " + migrationSteps);
    }
    this.limits = limits;
    this.migrationSteps = migrationSteps;
    // Not below zero: a share that used the whole block (or more) leaves the transactions nothing.
    this.blockRemaining = Math.max(0, limits.blockSteps() - migrationSteps);
  }

  /** A block's execution with the limits recorded in {@code hostState} (the block's overlay). */
  public static MeteredExecution beginBlock(StateView hostState) {
    return beginBlock(hostState, 0);
  }

  /**
   * A block's execution with the limits recorded in {@code hostState}, after a multi-block
   * migration's share used {@code migrationSteps} of the block's steps: the transactions share the
   * rest, so the block stays within {@code blockSteps}.
   *
   * @throws IllegalArgumentException if {@code migrationSteps} is negative
   */
  public static MeteredExecution beginBlock(StateView hostState, long migrationSteps) {
    return new MeteredExecution(MeteringParameters.read(hostState), migrationSteps);
  }

  /** A block's execution with explicit limits (tests, tools). */
  public static MeteredExecution withLimits(MeteringLimits limits) {
    return new MeteredExecution(limits, 0);
  }

  /** The limits this block runs under. */
  public MeteringLimits limits() {
    return limits;
  }

  /** Steps left in this block's budget. */
  public long blockRemaining() {
    return blockRemaining;
  }

  /**
   * Applies one transaction under a fresh meter; never throws for the runtime's failures.
   *
   * @param state the transaction's own overlay, already guarded
   */
  public Receipt apply(Runtime runtime, State state, BlockContext block, byte[] transaction) {
    if (blockRemaining <= 0) {
      return Receipt.rejected(
          "out of steps (block budget): the block's "
              + limits.blockSteps()
              + " steps are spent"
              + (migrationSteps > 0 ? " (" + migrationSteps + " by the migration's share)" : ""));
    }
    long steps = Math.min(limits.txSteps(), blockRemaining);
    Meter meter = Meter.of(steps, limits, steps < limits.txSteps() ? "block" : "");
    // The state is metered here, once: a loaded runtime's MeteredRuntime takes it as it is
    // (charging every access twice cost a transfer about a fifth of its time, see
    // docs/benchmarks.md); a class-path runtime's state accesses are charged all the same.
    meter.markStateMeteredByCaller();
    try {
      return meter.run(() -> MeteredRuntime.applyMetered(runtime, state, block, transaction));
    } catch (ExecutionLimitError e) {
      return Receipt.rejected(e.getMessage());
    } finally {
      blockRemaining -= meter.used();
    }
  }
}
