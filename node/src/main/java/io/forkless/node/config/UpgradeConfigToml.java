package io.forkless.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.ForklessException;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.UpgradeConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code [upgrade]} section of the node's TOML config, read into an {@link UpgradeConfig}.
 *
 * <pre>
 * [upgrade]
 * timelock_delay = 100800      # minimum blocks between approval and activation
 * max_snapshots = 10           # pre-upgrade snapshots (and previous runtimes) kept for rollback
 * quorum_threshold = 0.334     # participating stake / total stake needed
 * approval_threshold = 0.667   # yes stake / participating stake needed; also the emergency rule
 * voting_period = 14400        # blocks a proposal stays open for votes
 * </pre>
 */
public final class UpgradeConfigToml {

  private static final Set<String> KEYS =
      Set.of(
          "timelock_delay",
          "max_snapshots",
          "quorum_threshold",
          "approval_threshold",
          "voting_period");

  private UpgradeConfigToml() {}

  /**
   * Reads the {@code [upgrade]} table of a TOML file; keys it does not set keep their {@link
   * UpgradeConfig#defaults()}.
   *
   * @throws ForklessException naming the file and the key when the file cannot be read or parsed, a
   *     key is unknown, has the wrong type, or is out of range
   */
  public static UpgradeConfig fromToml(Path file) {
    JsonNode root = ConfigFiles.readToml(file);
    JsonNode section = root.path("upgrade");
    if (section.isMissingNode()) {
      return UpgradeConfig.defaults();
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
    UpgradeConfig d = UpgradeConfig.defaults();
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
