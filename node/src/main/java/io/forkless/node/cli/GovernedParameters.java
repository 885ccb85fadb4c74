package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.ChainParameters;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.StepBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain parameters {@code forkless param} knows, field by field: the metering limits ({@code
 * metering.txSteps}, …), one governed parameter ({@link MeteringParameters#NAME}) whose value
 * encodes all six fields, read from the node's status ({@code metering}, {@code meteringPending});
 * and the multi-block migration budget ({@code migration.keysPerBlock}, the governed parameter
 * {@link MigrationParameters#NAME}; status {@code migrationKeysPerBlock}, {@code
 * migrationKeysPerBlockPending}).
 */
final class GovernedParameters {

  /** The fields of the {@code metering} parameter, in the order of {@link MeteringLimits}. */
  static final List<String> METERING_FIELDS =
      List.of(
          "txSteps", "blockSteps", "maxCallDepth", "txMemoryBytes", "loadSteps", "migrationSteps");

  private GovernedParameters() {}

  /** The migration budget's one field. */
  static final String MIGRATION_KEYS = MigrationParameters.NAME + ".keysPerBlock";

  /** Every settable name, e.g. {@code metering.txSteps}. */
  static List<String> names() {
    List<String> out =
        new java.util.ArrayList<>(
            METERING_FIELDS.stream().map(f -> MeteringParameters.NAME + "." + f).toList());
    out.add(MIGRATION_KEYS);
    return out;
  }

  /**
   * Whether {@code assignments} change the migration budget (true) or the metering limits (false):
   * each is its own governance transaction, so one command changes one of them.
   *
   * @throws CliException for a malformed assignment, an unknown name, or both parameters at once
   */
  static boolean changesMigrationBudget(List<String> assignments) {
    boolean migration = false;
    boolean metering = false;
    for (String assignment : assignments) {
      String name = name(assignment);
      if (name.equals(MIGRATION_KEYS)) {
        migration = true;
      } else {
        field(name);
        metering = true;
      }
    }
    if (migration && metering) {
      throw new CliException(
          "change "
              + MIGRATION_KEYS
              + " and the metering.* limits in separate commands: each parameter is its own"
              + " governance transaction, signed with its own emergency nonce");
    }
    return migration;
  }

  /**
   * The budget the {@code migration.keysPerBlock=N} assignments set (the last one wins), checked as
   * governance checks it.
   *
   * @throws CliException naming the malformed or out-of-range value
   */
  static StepBudget migrationBudget(List<String> assignments) {
    long keys = 0;
    for (String assignment : assignments) {
      keys = number(MIGRATION_KEYS, assignment.substring(assignment.indexOf('=') + 1).strip());
    }
    if (keys < 1) {
      throw new CliException(
          "out-of-range value: " + MIGRATION_KEYS + " must be at least 1 but was " + keys);
    }
    StepBudget budget = new StepBudget(keys);
    Optional<String> problem = MigrationParameters.problem(budget);
    if (problem.isPresent()) {
      throw new CliException("out-of-range value: migration." + problem.get());
    }
    return budget;
  }

  /** The migration budget in force according to {@code status}. */
  static long migrationInForce(JsonNode status) {
    JsonNode v = status.path("migrationKeysPerBlock");
    if (!v.canConvertToLong()) {
      throw new CliException(
          "the node's status has no migrationKeysPerBlock: it predates the governed migration"
              + " budget (issue 16)");
    }
    return v.asLong();
  }

  /** The pending change of the migration budget, if the status shows one. */
  static Optional<PendingBudget> migrationPending(JsonNode status) {
    JsonNode p = status.path("migrationKeysPerBlockPending");
    if (!p.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new PendingBudget(p.path("activationHeight").asLong(), p.path("keysPerBlock").asLong()));
  }

  /** A change of the migration budget waiting for its height. */
  record PendingBudget(long activationHeight, long keysPerBlock) {}

  /** The limits in force according to {@code status}. */
  static MeteringLimits inForce(JsonNode status) {
    return limits(status.path("metering"), "metering");
  }

  /** The pending change of the limits and its height, if the status shows one. */
  static Optional<Pending> pending(JsonNode status) {
    JsonNode p = status.path("meteringPending");
    if (!p.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new Pending(p.path("activationHeight").asLong(), limits(p, "meteringPending")));
  }

  /** A change waiting for its height. */
  record Pending(long activationHeight, MeteringLimits limits) {}

  /** The fields of {@code limits} by name, in {@link #METERING_FIELDS} order. */
  static Map<String, Long> fields(MeteringLimits limits) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("txSteps", limits.txSteps());
    out.put("blockSteps", limits.blockSteps());
    out.put("maxCallDepth", (long) limits.maxCallDepth());
    out.put("txMemoryBytes", limits.txMemoryBytes());
    out.put("loadSteps", limits.loadSteps());
    out.put("migrationSteps", limits.migrationSteps());
    return out;
  }

  /**
   * {@code base} with the {@code NAME=VALUE} assignments applied, checked as governance checks it.
   *
   * @throws CliException naming the unknown parameter, the malformed or out-of-range value
   */
  static MeteringLimits apply(MeteringLimits base, List<String> assignments) {
    Map<String, Long> fields = fields(base);
    for (String assignment : assignments) {
      String name = name(assignment);
      String field = field(name);
      fields.put(field, number(name, assignment.substring(assignment.indexOf('=') + 1).strip()));
    }
    if (fields.get("maxCallDepth") > Integer.MAX_VALUE) {
      throw new CliException(
          "metering.maxCallDepth " + fields.get("maxCallDepth") + " is out of range: at most 2000");
    }
    MeteringLimits limits;
    try {
      limits =
          new MeteringLimits(
              fields.get("txSteps"),
              fields.get("blockSteps"),
              fields.get("maxCallDepth").intValue(),
              fields.get("txMemoryBytes"),
              fields.get("loadSteps"),
              fields.get("migrationSteps"));
    } catch (IllegalArgumentException e) {
      throw new CliException("out-of-range value: metering." + e.getMessage());
    }
    Optional<String> problem =
        ChainParameters.RULES.problem(MeteringParameters.NAME, limits.encode());
    if (problem.isPresent()) {
      throw new CliException("out-of-range value: metering." + problem.get());
    }
    return limits;
  }

  private static String name(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new CliException(
          "expected NAME=VALUE, e.g. metering.txSteps=5000000, but got '" + assignment + "'");
    }
    return assignment.substring(0, eq).strip();
  }

  private static String field(String name) {
    String prefix = MeteringParameters.NAME + ".";
    if (name.startsWith(prefix) && METERING_FIELDS.contains(name.substring(prefix.length()))) {
      return name.substring(prefix.length());
    }
    String hint =
        METERING_FIELDS.contains(name)
            ? " (did you mean " + prefix + name + "?)"
            : name.replace("_", "").equalsIgnoreCase(MIGRATION_KEYS.replace("_", ""))
                    || name.equalsIgnoreCase("keysPerBlock")
                ? " (did you mean " + MIGRATION_KEYS + "?)"
                : "";
    throw new CliException(
        "unknown parameter '"
            + name
            + "'"
            + hint
            + "; governance can set "
            + String.join(", ", names()));
  }

  private static long number(String name, String text) {
    String digits = text.replace("_", "");
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
      throw new CliException(
          name + " must be a positive whole number (digits, '_' allowed) but was '" + text + "'");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new CliException(name + " " + text + " is out of range: at most " + Long.MAX_VALUE);
    }
  }

  private static MeteringLimits limits(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new CliException(
          "the node's status has no " + field + ": it predates chain parameters (issue 13)");
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (String f : METERING_FIELDS) {
      if (!node.path(f).canConvertToLong()) {
        throw new CliException("the node's status has no " + field + "." + f + ": " + node);
      }
      values.put(f, node.path(f).asLong());
    }
    return new MeteringLimits(
        values.get("txSteps"),
        values.get("blockSteps"),
        values.get("maxCallDepth").intValue(),
        values.get("txMemoryBytes"),
        values.get("loadSteps"),
        values.get("migrationSteps"));
  }
}
