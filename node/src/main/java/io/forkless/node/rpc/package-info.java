/**
 * The node's HTTP interface: JSON-RPC 2.0 on {@code POST /rpc} (docs/rpc.md), Prometheus metrics on
 * {@code GET /metrics} and {@code GET /health}.
 */
@NullMarked
package io.forkless.node.rpc;

import org.jspecify.annotations.NullMarked;
