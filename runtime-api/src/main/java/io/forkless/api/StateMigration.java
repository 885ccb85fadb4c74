package io.forkless.api;

import org.pf4j.ExtensionPoint;

/**
 * A state migration, shipped as a PF4J extension inside a signed migration-plugin JAR. An upgrade's
 * {@link MigrationPlan} names the migrations to run; the host runs each on an overlay, then calls
 * its {@link #validate}, and discards everything if either throws.
 *
 * <p>Implementations must be deterministic (the same bytecode rules as {@link Runtime} apply) and
 * must not keep state between calls.
 */
public interface StateMigration extends ExtensionPoint {

  /** The name a {@link MigrationPlan} refers to, e.g. {@code "add_staking"}. */
  String name();

  /**
   * Rewrites {@code state} from the old layout to the new one.
   *
   * @throws MigrationException naming this migration and, where known, the key it failed at
   */
  void migrate(State state, MigrationContext context);

  /**
   * Checks that the migration did what it should, comparing the state before it ran with the state
   * after.
   *
   * @throws MigrationException describing the first discrepancy found
   */
  void validate(StateView before, StateView after);
}
