package io.forkless.host.metering;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A stepped migration's share of one block's steps, and the steps its calls used in that block. The
 * share is {@value #PERCENT_OF_BLOCK} % of the chain parameter {@code metering.blockSteps} in force
 * in the block (a consensus constant, not a parameter of its own); the rest of the block stays for
 * its runtime transactions. Steps are counted by the instrumentation, so every node stops a step at
 * the same instruction.
 *
 * <p>A step should return its cursor once {@link #exhausted()} (the migration's {@code
 * budgetExhausted()}); a step's meter stops it at twice the share, less what earlier calls of the
 * block used, and that failure fails the upgrade. One instance per block, on the block thread.
 */
public final class StepShare {

  /** The share of the block's steps a stepped migration may use: a consensus constant. */
  public static final int PERCENT_OF_BLOCK = 75;

  /** Implemented by a host's migration context that accounts a block's share. */
  public interface Source {
    /** The share of the block the context belongs to. */
    StepShare stepShare();
  }

  private final long blockSteps;
  private final long share;
  private long used;
  // The meter of the call running now, and its count when the call began.
  private @Nullable Meter running;
  private long runningStart;

  private StepShare(long blockSteps) {
    this.blockSteps = blockSteps;
    this.share =
        Math.max(
            1, blockSteps / 100 * PERCENT_OF_BLOCK + blockSteps % 100 * PERCENT_OF_BLOCK / 100);
  }

  /** A block's share under {@code limits}. */
  public static StepShare of(MeteringLimits limits) {
    return new StepShare(limits.blockSteps());
  }

  /** The share, in steps. */
  public long share() {
    return share;
  }

  /** Twice the share: more than this in one block is an overrun. */
  public long hardLimit() {
    return share > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * share;
  }

  /** Steps the metered calls of this block used so far, the running one's included. */
  public long used() {
    Meter m = running;
    return used + (m == null ? 0 : m.used() - runningStart);
  }

  /** Whether the share is used (a step should return its cursor). */
  public boolean exhausted() {
    return used() >= share;
  }

  /** Whether the calls of this block used more than {@link #hardLimit()}. */
  public boolean overran() {
    return used() > hardLimit();
  }

  /** Says what the share is, for failure messages. */
  public String describe() {
    return "twice its share of "
        + share
        + " steps ("
        + PERCENT_OF_BLOCK
        + " % of the chain parameter metering.blockSteps, "
        + blockSteps
        + ")";
  }

  /**
   * Steps the next step may use at most: the hard limit less what the block used, within {@code
   * migrationSteps}.
   */
  long callLimit(long migrationSteps) {
    return Math.max(1, Math.min(migrationSteps, hardLimit() - used));
  }

  /**
   * Runs {@code body} (already under its meter) counting its steps; when {@code bounded} and the
   * meter runs out, the failure names the share.
   */
  <T extends @Nullable Object> T measure(boolean bounded, Supplier<T> body) {
    Meter m = Meter.lookup();
    if (m == null || running != null) {
      return body.get();
    }
    running = m;
    runningStart = m.used();
    try {
      return body.get();
    } catch (ExecutionLimitError e) {
      if (bounded && e.kind() == ExecutionLimitError.Kind.OUT_OF_STEPS) {
        throw new ExecutionLimitError(
            e.kind(),
            "used more than "
                + describe()
                + " in one block ("
                + e.getMessage()
                + "): it must return its cursor once budgetExhausted() is true; fix the"
                + " migration, or raise metering.blockSteps by governance");
      }
      throw e;
    } finally {
      used += m.used() - runningStart;
      running = null;
    }
  }
}
