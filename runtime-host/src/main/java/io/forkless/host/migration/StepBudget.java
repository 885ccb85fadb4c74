package io.forkless.host.migration;

/**
 * A stepped migration's share of each block, in keys: every key a step reads (a {@code get}, an
 * entry a scan visits) or writes counts one. Deterministic, so every node stops a step at the same
 * key. It bounds a step together with the metered steps of its {@link
 * io.forkless.host.metering.StepShare} (75 % of the block's step budget), whichever comes first. A
 * step that uses more than {@link #hardLimit()} ignored {@code budgetExhausted()} and fails the
 * upgrade.
 *
 * @param keysPerBlock keys a migration may touch per block, at least 1
 */
public record StepBudget(long keysPerBlock) {

  /** The default share: 5,000 keys, a few milliseconds of work per block. */
  public static final StepBudget DEFAULT = new StepBudget(5_000);

  /**
   * @throws IllegalArgumentException if {@code keysPerBlock} is not positive
   */
  public StepBudget {
    if (keysPerBlock < 1) {
      throw new IllegalArgumentException(
          "a migration's step budget must be at least 1 key per block but was " + keysPerBlock);
    }
  }

  /** Twice the share: more than this in one block is a budget overrun. */
  public long hardLimit() {
    return keysPerBlock > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * keysPerBlock;
  }
}
