package io.forkless.host.governance;

/**
 * The chain's upgrade governance parameters: the seed's {@code [upgrade]} keys plus the voting
 * period (the node reads them from its TOML config, {@code io.forkless.node.config}).
 *
 * <pre>
 * [upgrade]
 * timelock_delay = 100800      # minimum blocks between approval and activation
 * max_snapshots = 10           # pre-upgrade snapshots (and previous runtimes) kept for rollback
 * quorum_threshold = 0.334     # participating stake / total stake needed
 * approval_threshold = 0.667   # yes stake / participating stake needed; also the emergency rule
 * voting_period = 14400        # blocks a proposal stays open for votes
 * </pre>
 *
 * @param timelockDelay blocks, ≥ 0
 * @param maxSnapshots ≥ 1
 * @param quorumThreshold in (0, 1]
 * @param approvalThreshold in (0, 1]
 * @param votingPeriod blocks, ≥ 1
 */
public record UpgradeConfig(
    long timelockDelay,
    int maxSnapshots,
    Threshold quorumThreshold,
    Threshold approvalThreshold,
    long votingPeriod) {

  public UpgradeConfig {
    if (timelockDelay < 0) {
      throw new IllegalArgumentException("timelock_delay must be >= 0 but was " + timelockDelay);
    }
    if (maxSnapshots < 1) {
      throw new IllegalArgumentException("max_snapshots must be >= 1 but was " + maxSnapshots);
    }
    if (votingPeriod < 1) {
      throw new IllegalArgumentException("voting_period must be >= 1 but was " + votingPeriod);
    }
  }

  /** The seed's production defaults: a week of timelock at 6 s blocks, a day of voting. */
  public static UpgradeConfig defaults() {
    return new UpgradeConfig(
        100_800, 10, Threshold.parse("0.334"), Threshold.parse("0.667"), 14_400);
  }
}
