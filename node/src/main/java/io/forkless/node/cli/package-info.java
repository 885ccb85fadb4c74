/**
 * The client commands of the {@code forkless} binary: {@code status}, {@code runtime inspect},
 * {@code propose}, {@code vote}, {@code cancel}, {@code pause}, {@code resume}, {@code rollback},
 * {@code tx transfer}, {@code tx load} and {@code migrate --dry-run}. All but {@code runtime
 * inspect} and {@code migrate} talk to a node through {@link io.forkless.node.cli.RpcClient}
 * (docs/rpc.md). {@link io.forkless.node.cli.ClientCommands#all()} lists them for the top-level
 * command to register. Every command fails with a {@link io.forkless.node.cli.CliException}: one
 * line, exit code 1.
 */
@NullMarked
package io.forkless.node.cli;

import org.jspecify.annotations.NullMarked;
