/**
 * {@code forkless export-blocks} and {@code forkless import-blocks}: block files
 * (docs/block-file.md) written from and replayed into a stopped node's data folder, through the
 * host's {@code io.forkless.host.replay}.
 */
@NullMarked
package io.forkless.node.replay;

import org.jspecify.annotations.NullMarked;
