package io.forkless.host;

import io.forkless.host.governance.ParameterRules;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chain parameters governance may change ({@link ParameterRules}) and their genesis values:
 * today the metering limits ({@code "metering"}, {@link MeteringLimits#encode()}), valid ones only
 * (positive, a call depth of at most 2,000, a transaction budget within the block's).
 */
public final class ChainParameters implements ParameterRules {

  /** The rules of this host. */
  public static final ChainParameters RULES = new ChainParameters();

  private ChainParameters() {}

  @Override
  public Set<String> names() {
    return Set.of(MeteringParameters.NAME);
  }

  @Override
  public Optional<String> problem(String name, byte[] value) {
    if (!name.equals(MeteringParameters.NAME)) {
      return Optional.of("unknown parameter; governance can set " + names());
    }
    try {
      return MeteringParameters.problem(MeteringLimits.decode(value));
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The genesis parameters for {@code limits}: none for the defaults (state stays as before). */
  public static Map<String, byte[]> genesis(Optional<MeteringLimits> limits) {
    return limits
        .filter(l -> !l.equals(MeteringLimits.DEFAULT))
        .map(l -> Map.of(MeteringParameters.NAME, l.encode()))
        .orElse(Map.of());
  }
}
