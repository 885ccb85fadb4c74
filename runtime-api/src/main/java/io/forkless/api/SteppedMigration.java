package io.forkless.api;

import java.util.Optional;

/**
 * A {@link StateMigration} that can run over several blocks. Each block the host calls {@link
 * #step} with the cursor the previous step returned (empty at the start); the step does some work,
 * stops soon after {@link MigrationContext#budgetExhausted()} turns true, and returns the cursor to
 * continue from, or empty when the migration is done. The host persists the cursor in chain state
 * (so a restarted node resumes where it stopped). Once the last step is done, the host validates
 * the same way, a block's share at a time: {@link #validateStep} from a cursor of its own (the
 * default runs the whole {@link #validate} in one block), then the runtimes' invariants and the
 * swap.
 *
 * <p>Rules for authors:
 *
 * <ul>
 *   <li>Everything a step needs must come from the state and the cursor: a migration object keeps
 *       nothing between calls.
 *   <li>Check the budget after each unit of work (e.g. each key rewritten). A step that uses more
 *       than twice its share fails the upgrade; a step must always make progress.
 *   <li>Resume from the cursor with {@link StateView#scanAfter}, which starts right after a key
 *       instead of at the beginning of the prefix.
 *   <li>The cursor is opaque to the host; keep it small (at most {@value #MAX_CURSOR_BYTES} bytes).
 * </ul>
 *
 * <p>A stepped migration still works in a single-block plan: the inherited {@link #migrate} runs
 * every step in one go (there the context's budget is never exhausted).
 */
public interface SteppedMigration extends StateMigration {

  /** The largest cursor the host persists; a longer one fails the migration. */
  int MAX_CURSOR_BYTES = 1024;

  /**
   * Advances the migration from {@code cursor} (empty on the first call).
   *
   * @return the cursor to continue from in the next block, or empty when the migration is done
   * @throws MigrationException naming this migration and, where known, the key it failed at
   */
  Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context);

  /**
   * Checks a share of what the migration did, as {@link #validate} does for all of it: compares
   * {@code before} (the state before the first step) with {@code after} (the migrated state) from
   * {@code cursor} (empty on the first call) until {@link MigrationContext#budgetExhausted()} turns
   * true. The host counts the keys read in both views against the block's budget, persists the
   * returned cursor and calls again in the next block; the same rules as {@link #step} apply (at
   * most twice the share, a cursor other than the one given, at most {@value #MAX_CURSOR_BYTES}
   * bytes). Totals to compare at the end (e.g. a sum over all accounts) travel in the cursor.
   *
   * <p>The default runs {@link #validate} whole, in one block (not held to the budget): override it
   * so the block that ends a large migration is not the one that reads the whole state.
   *
   * @return the cursor to continue from in the next block, or empty when validation is complete
   * @throws MigrationException describing the first discrepancy found: the upgrade fails back
   */
  default Optional<byte[]> validateStep(
      StateView before, StateView after, Optional<byte[]> cursor, MigrationContext context) {
    validate(before, after);
    return Optional.empty();
  }

  /** Runs every step, one after the other, until the migration is done. */
  @Override
  default void migrate(State state, MigrationContext context) {
    Optional<byte[]> cursor = Optional.empty();
    do {
      cursor = step(state, cursor, context);
    } while (cursor.isPresent());
  }
}
