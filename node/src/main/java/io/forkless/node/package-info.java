/**
 * The Forkless node binary: embeds the host and exposes it to operators, validators and runtime
 * developers through the CLI, JSON-RPC and metrics.
 */
package io.forkless.node;
