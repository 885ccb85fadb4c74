/**
 * The running node: {@code forkless node}, its resolved settings, and the assembly of the host, the
 * RPC server and the plugins watcher.
 */
@NullMarked
package io.forkless.node.server;

import org.jspecify.annotations.NullMarked;
