/**
 * Block export and import: the block file ({@code docs/block-file.md}) and deterministic replay of
 * a chain's history on another node.
 *
 * <p>{@link io.forkless.host.replay.BlockExporter} writes committed blocks of a chain to a stream;
 * {@link io.forkless.host.replay.BlockImporter} reads such a stream and executes every block after
 * the importing node's head through {@code Chain.importBlock}, so host transactions, governance and
 * upgrades run exactly as on the exporting node and every block's state root is checked. Blocks at
 * or below the head are compared by hash and skipped, so an interrupted or halted import resumes by
 * running it again.
 *
 * <p>Failures: {@link io.forkless.host.codec.BlockFileException} (the file is not a block file of
 * this chain, or is malformed or truncated), {@link io.forkless.host.replay.BlockImportException}
 * (a block is refused: it does not follow, or does not execute to its header) and its subclass
 * {@link io.forkless.host.replay.ImportHaltedException} (a local failure, such as a missing
 * approved JAR; supply it and import again). In every case the blocks before the failing height
 * stay committed and nothing at or after it is.
 */
@NullMarked
package io.forkless.host.replay;

import org.jspecify.annotations.NullMarked;
