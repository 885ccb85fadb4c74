/**
 * The upgrade coordinator: schedules verified runtime upgrades, executes them at their activation
 * block (snapshot, migrations, validations, atomic commit, swap), fails safe, cancels and rolls
 * back.
 *
 * <p>Choices the issue left open:
 *
 * <ul>
 *   <li>The activation block is executed by the <em>new</em> runtime: at the start of the block at
 *       the activation height, after the block's host transactions, the migrations run on the
 *       block's overlay and every runtime transaction of that block runs on the new runtime. The
 *       block header records the new version and code hash, and the block commits state, migration
 *       and header in one batch. Every node does the same, so replay agrees.
 *   <li>One upgrade is pending at a time: scheduling a second is refused until the first executed,
 *       failed or was cancelled (governance allows one open proposal for the same reason).
 *   <li>An upgrade that {@code requiresPause} pauses block production while its migrations run and
 *       resumes it afterwards (status shows it); without it, the migration simply runs inside the
 *       activation block.
 * </ul>
 */
@NullMarked
package io.forkless.host.upgrade;

import org.jspecify.annotations.NullMarked;
