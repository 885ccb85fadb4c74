package io.forkless.host.migration;

import io.forkless.api.SteppedMigration;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a block's share must keep to, checked after each call: twice its keys and twice its metered
 * steps (a step's meter stops it there already), a cursor of at most {@link
 * SteppedMigration#MAX_CURSOR_BYTES}, and progress. Each failure is a {@link
 * MigrationFailedException} saying what the migration did and what to do.
 */
final class StepChecks {

  private StepChecks() {}

  /** After a step (a plain migration's whole run when {@code stepped} is false). */
  static void afterStep(
      String name,
      Optional<byte[]> given,
      Optional<byte[]> next,
      CountingState state,
      CountingState.Counter counter,
      boolean stepped,
      StepBudget budget) {
    if (stepped && counter.overran()) {
      throw new MigrationFailedException(
          name,
          null,
          "migration '"
              + name
              + "' overran its budget: it touched "
              + counter.used()
              + " keys in one block, more than twice its share of "
              + budget.keysPerBlock()
              + " (it must return its cursor once budgetExhausted() is true)",
          null);
    }
    if (next.isPresent() && next.get().length > SteppedMigration.MAX_CURSOR_BYTES) {
      throw new MigrationFailedException(
          name,
          null,
          "migration '"
              + name
              + "' returned a cursor of "
              + next.get().length
              + " bytes; the limit is "
              + SteppedMigration.MAX_CURSOR_BYTES,
          null);
    }
    boolean sameCursor =
        next.isPresent()
            && given.map(g -> Arrays.equals(g, next.get())).orElse(next.get().length == 0);
    if (sameCursor && state.writes() == 0) {
      throw new MigrationFailedException(
          name,
          null,
          "migration '"
              + name
              + "' made no progress: it returned the cursor it was given and wrote nothing",
          null);
    }
  }

  /** After a validation step: held to the shares only when it returned a cursor. */
  static void afterValidationStep(
      String name,
      Optional<byte[]> given,
      Optional<byte[]> next,
      CountingState.Counter counter,
      StepBudget budget) {
    if (next.isPresent() && counter.overran()) {
      throw new MigrationFailedException(
          name,
          null,
          "validation of migration '"
              + name
              + "' overran its budget: it read "
              + counter.used()
              + " keys in one block, more than twice its share of "
              + budget.keysPerBlock(),
          null);
    }
    if (next.isPresent() && counter.steps().overran()) {
      throw new MigrationFailedException(
          name,
          null,
          "validation of migration '"
              + name
              + "' overran its budget: it used "
              + counter.steps().used()
              + " steps in one block, more than "
              + counter.steps().describe()
              + " (it must return its cursor once budgetExhausted() is true; or raise"
              + " metering.blockSteps by governance)",
          null);
    }
    if (next.isPresent() && next.get().length > SteppedMigration.MAX_CURSOR_BYTES) {
      throw new MigrationFailedException(
          name,
          null,
          "validation of migration '"
              + name
              + "' returned a cursor of "
              + next.get().length
              + " bytes; the limit is "
              + SteppedMigration.MAX_CURSOR_BYTES,
          null);
    }
    if (next.isPresent() && given.map(c -> Arrays.equals(c, next.get())).orElse(false)) {
      throw new MigrationFailedException(
          name,
          null,
          "validation of migration '"
              + name
              + "' made no progress: it returned the cursor it was given",
          null);
    }
  }
}
