/**
 * The node as a validator of a network (issue #15): the {@code [cluster]} config table, the
 * network's status in RPC, dashboard and metrics, and {@code forkless devnet}.
 */
@NullMarked
package io.forkless.node.cluster;

import org.jspecify.annotations.NullMarked;
