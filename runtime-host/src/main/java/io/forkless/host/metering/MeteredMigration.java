package io.forkless.host.metering;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A loaded {@link StateMigration} behind meters: {@code migrate} and {@code validate} each get the
 * migration budget (a single-block migration that passes it fails, and the upgrade with it,
 * safely), {@code name} the load budget. Failures are host exceptions with deterministic text.
 */
public class MeteredMigration implements StateMigration {

  private final StateMigration delegate;
  private final Supplier<MeteringLimits> limits;
  private final String name;

  private MeteredMigration(StateMigration delegate, Supplier<MeteringLimits> limits) {
    this.delegate = delegate;
    this.limits = limits;
    MeteringLimits now = limits.get();
    this.name = Metered.call(now.loadSteps(), now, "name()", delegate::name);
  }

  /**
   * {@code migration} behind meters of {@code limits}; reads its name once, metered.
   *
   * @throws ExecutionLimitException if {@code name()} fails
   */
  public static MeteredMigration wrap(StateMigration migration, MeteringLimits limits) {
    return wrap(migration, () -> limits);
  }

  /**
   * {@code migration} behind meters of the limits {@code limits} gives at each call (the chain's
   * limits in force); reads its name once, metered.
   *
   * @throws ExecutionLimitException if {@code name()} fails
   */
  public static MeteredMigration wrap(StateMigration migration, Supplier<MeteringLimits> limits) {
    // A stepped migration stays stepped behind its meters, or the host would run it whole.
    return migration instanceof SteppedMigration stepped
        ? new Stepped(stepped, limits)
        : new MeteredMigration(migration, limits);
  }

  /** A metered {@link SteppedMigration}: each step gets the migration budget of its own. */
  private static final class Stepped extends MeteredMigration implements SteppedMigration {
    private final SteppedMigration stepped;

    Stepped(SteppedMigration stepped, Supplier<MeteringLimits> limits) {
      super(stepped, limits);
      this.stepped = stepped;
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      MeteringLimits now = limits();
      StepShare share = shareOf(context);
      // Held to twice the block's share of steps (less what earlier calls of the block used).
      long limit = share == null ? now.migrationSteps() : share.callLimit(now.migrationSteps());
      boolean bounded = limit < now.migrationSteps();
      Supplier<Optional<byte[]>> body =
          () -> stepped.step(MeteredState.of(state), cursor, MeteredHostFunctions.of(context));
      Optional<byte[]> next =
          Metered.call(
              limit,
              now,
              "step of '" + name() + "'",
              share == null ? body : () -> share.measure(bounded, body));
      // Copied out of the JAR's hands: the host persists the cursor.
      return next == null ? Optional.empty() : next.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> validateStep(
        StateView before, StateView after, Optional<byte[]> cursor, MigrationContext context) {
      MeteringLimits now = limits();
      StepShare share = shareOf(context);
      // The migration budget, as a whole validate gets: a validation that returns a cursor is held
      // to twice the share afterwards, by the driver (as its keys are).
      Supplier<Optional<byte[]>> body =
          () ->
              stepped.validateStep(
                  MeteredState.of(before),
                  MeteredState.of(after),
                  cursor,
                  MeteredHostFunctions.of(context));
      Optional<byte[]> next =
          Metered.call(
              now.migrationSteps(),
              now,
              "validation step of '" + name() + "'",
              share == null ? body : () -> share.measure(false, body));
      return next == null ? Optional.empty() : next.map(byte[]::clone);
    }

    @Override
    public void migrate(State state, MigrationContext context) {
      super.migrate(state, context);
    }
  }

  /** The block's share of steps, when the host's context accounts one. */
  static @Nullable StepShare shareOf(MigrationContext context) {
    return context instanceof StepShare.Source source ? source.stepShare() : null;
  }

  final MeteringLimits limits() {
    return limits.get();
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
    MeteringLimits now = limits();
    StepShare share = shareOf(context);
    Supplier<@Nullable Void> body =
        () -> {
          delegate.migrate(MeteredState.of(state), MeteredHostFunctions.of(context));
          return null;
        };
    // A plain migration in a stepped plan runs whole under the migration budget; its steps still
    // count in the block's share (the block's transactions get what is left).
    Metered.call(
        now.migrationSteps(),
        now,
        "migration '" + name + "'",
        share == null ? body : () -> share.measure(false, body));
  }

  @Override
  public void validate(StateView before, StateView after) {
    MeteringLimits now = limits();
    Metered.call(
        now.migrationSteps(),
        now,
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
