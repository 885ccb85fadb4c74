/**
 * Running state migrations: {@link io.forkless.host.migration.StateMigrator} holds the migrations
 * of verified plugins by name and runs exactly the ones a plan names, in its order, each in its own
 * child overlay, followed by its own {@code validate(before, after)}.
 */
@NullMarked
package io.forkless.host.migration;

import org.jspecify.annotations.NullMarked;
