package io.forkless.host.metering;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.util.Optional;

/**
 * A loaded {@link StateMigration} behind meters: {@code migrate} and {@code validate} each get the
 * migration budget (a single-block migration that passes it fails, and the upgrade with it,
 * safely), {@code name} the load budget. Failures are host exceptions with deterministic text.
 */
public class MeteredMigration implements StateMigration {

  private final StateMigration delegate;
  private final MeteringLimits limits;
  private final String name;

  private MeteredMigration(StateMigration delegate, MeteringLimits limits) {
    this.delegate = delegate;
    this.limits = limits;
    this.name = Metered.call(limits.loadSteps(), limits, "name()", delegate::name);
  }

  /**
   * {@code migration} behind meters of {@code limits}; reads its name once, metered.
   *
   * @throws ExecutionLimitException if {@code name()} fails
   */
  public static MeteredMigration wrap(StateMigration migration, MeteringLimits limits) {
    // A stepped migration stays stepped behind its meters, or the host would run it whole.
    return migration instanceof SteppedMigration stepped
        ? new Stepped(stepped, limits)
        : new MeteredMigration(migration, limits);
  }

  /** A metered {@link SteppedMigration}: each step gets the migration budget of its own. */
  private static final class Stepped extends MeteredMigration implements SteppedMigration {
    private final SteppedMigration stepped;

    Stepped(SteppedMigration stepped, MeteringLimits limits) {
      super(stepped, limits);
      this.stepped = stepped;
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      Optional<byte[]> next =
          Metered.call(
              limits().migrationSteps(),
              limits(),
              "step of '" + name() + "'",
              () -> stepped.step(MeteredState.of(state), cursor, MeteredHostFunctions.of(context)));
      // Copied out of the JAR's hands: the host persists the cursor.
      return next == null ? Optional.empty() : next.map(byte[]::clone);
    }

    @Override
    public void migrate(State state, MigrationContext context) {
      super.migrate(state, context);
    }
  }

  final MeteringLimits limits() {
    return limits;
  }

  /** The loaded class of the migration (for tools and tests). */
  public Class<?> implementation() {
    return delegate.getClass();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    Metered.call(
        limits.migrationSteps(),
        limits,
        "migration '" + name + "'",
        () -> {
          delegate.migrate(MeteredState.of(state), MeteredHostFunctions.of(context));
          return null;
        });
  }

  @Override
  public void validate(StateView before, StateView after) {
    Metered.call(
        limits.migrationSteps(),
        limits,
        "validation of '" + name + "'",
        () -> {
          delegate.validate(MeteredState.of(before), MeteredState.of(after));
          return null;
        });
  }

  @Override
  public String toString() {
    return "metered migration '" + name + "'";
  }
}
