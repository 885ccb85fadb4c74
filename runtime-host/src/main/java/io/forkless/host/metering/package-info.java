/**
 * Deterministic, metered execution of runtime and migration code (issue 13): the {@link
 * io.forkless.host.metering.Instrumenter} rewrites a JAR's classes when they are loaded (steps per
 * basic block, call depth, allocation by size, uncatchable host errors, identity and ordering made
 * deterministic); {@link io.forkless.host.metering.Meter} counts at run time; {@link
 * io.forkless.host.metering.MeteredExecution} is the chain's entry point for a block, and {@link
 * io.forkless.host.metering.MeteredRuntime} / {@link io.forkless.host.metering.MeteredMigration}
 * make every other call into loaded code metered. Limits are chain parameters ({@link
 * io.forkless.host.metering.MeteringParameters}); costs are in {@link
 * io.forkless.host.metering.CostTable}.
 */
@NullMarked
package io.forkless.host.metering;

import org.jspecify.annotations.NullMarked;
