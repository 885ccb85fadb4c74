/**
 * The Forkless test kit, for runtime developers' tests (test scope): {@link
 * io.forkless.testkit.TestChain} runs a signed runtime JAR's genesis and transactions in memory
 * through the node's own verifier, loader and block execution, and rehearses an upgrade to another
 * runtime JAR with migration plugins under the node's checks; {@link
 * io.forkless.testkit.Determinism} runs a scenario twice and compares every block. JARs are checked
 * exactly as a node checks them, so sign them first (run the tests as integration tests, after
 * {@code package}).
 */
@NullMarked
package io.forkless.testkit;

import org.jspecify.annotations.NullMarked;
