package io.forkless.host.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.ConfigFiles;
import io.forkless.host.ForklessException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code [upgrade]} section of the node's TOML config: the seed's keys plus the voting period.
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

  private static final Set<String> KEYS =
      Set.of(
          "timelock_delay",
          "max_snapshots",
          "quorum_threshold",
          "approval_threshold",
          "voting_period");

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

  /**
   * Reads the {@code [upgrade]} table of a TOML file; keys it does not set keep their {@link
   * #defaults()}.
   *
   * @throws ForklessException naming the file and the key when the file cannot be read or parsed, a
   *     key is unknown, has the wrong type, or is out of range
   */
  public static UpgradeConfig fromToml(Path file) {
    JsonNode root = ConfigFiles.readToml(file);
    JsonNode section = root.path("upgrade");
    if (section.isMissingNode()) {
      return defaults();
    }
    return fromNode(section, file.toString());
  }

  /**
   * Reads an already parsed {@code [upgrade]} table; {@code source} names it in errors (e.g. the
   * file).
   */
  public static UpgradeConfig fromNode(JsonNode section, String source) {
    if (!section.isObject()) {
      throw new ForklessException(source + ": [upgrade] must be a table");
    }
    for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new ForklessException(
            source + ": unknown key upgrade." + name + "; known keys are " + KEYS);
      }
    }
    UpgradeConfig d = defaults();
    try {
      return new UpgradeConfig(
          integer(section, "timelock_delay", d.timelockDelay(), source),
          Math.toIntExact(integer(section, "max_snapshots", d.maxSnapshots(), source)),
          threshold(section, "quorum_threshold", d.quorumThreshold(), source),
          threshold(section, "approval_threshold", d.approvalThreshold(), source),
          integer(section, "voting_period", d.votingPeriod(), source));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ForklessException(source + ": upgrade." + e.getMessage(), e);
    }
  }

  private static long integer(JsonNode section, String key, long fallback, String source) {
    JsonNode value = section.get(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new ForklessException(
          source + ": upgrade." + key + " must be a whole number but was " + value);
    }
    return value.longValue();
  }

  private static Threshold threshold(
      JsonNode section, String key, Threshold fallback, String source) {
    JsonNode value = section.get(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new ForklessException(
          source + ": upgrade." + key + " must be a number in (0, 1] but was " + value);
    }
    BigDecimal decimal = value.decimalValue();
    if (decimal.signum() <= 0 || decimal.compareTo(BigDecimal.ONE) > 0) {
      throw new ForklessException(
          source + ": upgrade." + key + " must be in (0, 1] but was " + decimal.toPlainString());
    }
    return Threshold.of(decimal);
  }
}
