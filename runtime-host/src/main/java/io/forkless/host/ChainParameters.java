package io.forkless.host;

import io.forkless.host.governance.ParameterRules;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.StepBudget;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chain parameters governance may change ({@link ParameterRules}) and their genesis values,
 * valid ones only:
 *
 * <ul>
 *   <li>{@code "metering"}: the metering limits ({@link MeteringLimits#encode()}; positive, a call
 *       depth of at most 2,000, a transaction budget within the block's);
 *   <li>{@code "migration"}: a multi-block migration's keys per block ({@link
 *       MigrationParameters#encode}; 1 to {@link MigrationParameters#MAX_KEYS_PER_BLOCK}).
 * </ul>
 */
public final class ChainParameters implements ParameterRules {

  /** The rules of this host. */
  public static final ChainParameters RULES = new ChainParameters();

  private ChainParameters() {}

  @Override
  public Set<String> names() {
    return Set.of(MeteringParameters.NAME, MigrationParameters.NAME);
  }

  @Override
  public Optional<String> problem(String name, byte[] value) {
    if (name.equals(MigrationParameters.NAME)) {
      return MigrationParameters.problem(value);
    }
    if (!name.equals(MeteringParameters.NAME)) {
      return Optional.of(
          "unknown parameter; governance can set " + new java.util.TreeSet<>(names()));
    }
    try {
      return MeteringParameters.problem(MeteringLimits.decode(value));
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The genesis parameters for {@code limits}: none for the defaults (state stays as before). */
  public static Map<String, byte[]> genesis(Optional<MeteringLimits> limits) {
    return genesis(limits, Optional.empty());
  }

  /**
   * The genesis parameters for {@code limits} and the migration {@code budget}: no metering record
   * for the default limits (state stays as before), a budget record whenever one is given (as the
   * coordinator wrote it before governance could change it).
   */
  public static Map<String, byte[]> genesis(
      Optional<MeteringLimits> limits, Optional<StepBudget> budget) {
    Map<String, byte[]> out = new TreeMap<>();
    limits
        .filter(l -> !l.equals(MeteringLimits.DEFAULT))
        .ifPresent(l -> out.put(MeteringParameters.NAME, l.encode()));
    budget.ifPresent(b -> out.put(MigrationParameters.NAME, MigrationParameters.encode(b)));
    return Map.copyOf(out);
  }
}
