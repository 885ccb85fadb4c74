/**
 * Running state migrations: {@link io.forkless.host.migration.StateMigrator} holds the migrations
 * of verified plugins by name and runs exactly the ones a plan names, in its order, each in its own
 * child overlay, followed by its own {@code validate(before, after)}. {@link
 * io.forkless.host.migration.SteppedMigrationDriver} runs a plan a block's {@link
 * io.forkless.host.migration.StepBudget} at a time, keeping its {@link
 * io.forkless.host.migration.MigrationCursor} in chain state and publishing {@link
 * io.forkless.host.migration.MigrationEvent}s.
 */
@NullMarked
package io.forkless.host.migration;

import org.jspecify.annotations.NullMarked;
