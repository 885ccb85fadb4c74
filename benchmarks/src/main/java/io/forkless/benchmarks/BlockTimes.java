package io.forkless.benchmarks;

import java.time.Duration;

/**
 * One block's times: wall clock of the whole block and of its two phases (execution with the
 * lifecycle's hooks and the root, then the store commit with the hooks after it), and the block
 * thread's CPU time (what the block itself computed, without the time other processes on this
 * shared machine took the core away).
 */
record BlockTimes(Duration wall, Duration execute, Duration commit, Duration cpu) {}
