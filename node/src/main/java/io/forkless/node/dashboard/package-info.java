/**
 * The operator's view of a running node: the dashboard page at {@code GET /} (static assets bundled
 * in the node JAR, polling the read-only JSON-RPC methods {@code forkless_dashboard} and {@code
 * forkless_events}), the journal of recent chain events, and the operator metrics (build and
 * runtime info, paused state, proposals per state, transactions included and failed, JVM and
 * process).
 *
 * <p>Everything here only reads the host through {@link io.forkless.host.ForklessHost}'s facade;
 * nothing here changes the chain.
 */
@NullMarked
package io.forkless.node.dashboard;

import org.jspecify.annotations.NullMarked;
