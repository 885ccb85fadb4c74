package io.forkless.host.replay;

import io.forkless.host.ForklessException;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.chain.BlockRejectedException;
import io.forkless.host.chain.Chain;
import io.forkless.host.codec.BlockFileException;
import io.forkless.host.codec.BlockFileHeader;
import io.forkless.host.codec.BlockFileReader;
import java.io.InputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Replays a block file on a node: executes every block after the node's head through {@link
 * Chain#importBlock}, so host transactions (governance) run first, approved upgrades activate at
 * the same heights with the runtime and plugins found by code hash in the node's plugins folder,
 * and every block must execute to exactly the header it carries (state root, runtime version and
 * code hash).
 *
 * <p>Checks, in order: the file's chain id and genesis hash are the node's; every block has the
 * next height and names the previous block's hash as its parent; a block at or below the node's
 * head must have the hash of the node's block there (then it is skipped, so a stopped import
 * resumes by running it again); a block above it is executed and committed, or refused with nothing
 * committed.
 *
 * <p>Not thread-safe with block production: stop the producer first (the {@link ForklessHost}
 * overload checks).
 */
public final class BlockImporter {

  /** What an import run did. */
  public record Imported(
      long blocksImported, long blocksSkipped, long transactionsImported, Block head) {}

  private BlockImporter() {}

  /**
   * Imports into a host whose block producer is not running.
   *
   * @throws IllegalStateException if the producer is running
   * @see #importBlocks(Chain, InputStream, ProgressListener)
   */
  public static Imported importBlocks(
      ForklessHost host, InputStream in, ProgressListener listener) {
    if (host.producer().isRunning()) {
      throw new IllegalStateException(
          "the block producer is running: stop the node before importing blocks");
    }
    return importBlocks(host.chain(), in, listener);
  }

  /**
   * Reads the block file from {@code in} (not closed) and imports what follows {@code chain}'s
   * head.
   *
   * @return the counts of this run and the head it reached
   * @throws BlockFileException if the file is of another chain or genesis, or is malformed or
   *     truncated (blocks before the defect stay committed)
   * @throws ImportHaltedException on a local failure at a height, naming what is missing
   * @throws BlockImportException if a block is refused; its {@link BlockImportException#height()}
   *     is the first height not committed
   * @throws java.io.UncheckedIOException if reading fails
   */
  public static Imported importBlocks(Chain chain, InputStream in, ProgressListener listener) {
    BlockFileReader reader = BlockFileReader.open(in);
    BlockFileHeader header = reader.header();
    checkSameChain(chain, header);
    long startHead = chain.head().height();
    if (header.blockCount() > 0 && header.firstHeight() > startHead + 1) {
      throw new BlockImportException(
          startHead + 1,
          "the block file starts at height "
              + header.firstHeight()
              + " but this node's head is "
              + startHead
              + ": export from height "
              + (startHead + 1)
              + " or earlier");
    }
    long imported = 0;
    long skipped = 0;
    long txs = 0;
    @Nullable Block previous = null;
    for (Optional<Block> next = reader.next(); next.isPresent(); next = reader.next()) {
      Block block = next.get();
      checkFollows(chain, header, previous, block);
      ImportProgress.Step step;
      if (block.height() <= chain.head().height()) {
        checkSameAsLocal(chain, block);
        skipped++;
        step = ImportProgress.Step.SKIPPED;
      } else {
        execute(chain, block);
        imported++;
        txs += block.transactions().size();
        step = ImportProgress.Step.IMPORTED;
      }
      previous = block;
      listener.onBlock(
          new ImportProgress(block.height(), header.lastHeight(), step, imported, skipped, txs));
    }
    return new Imported(imported, skipped, txs, chain.head());
  }

  private static void checkSameChain(Chain chain, BlockFileHeader header) {
    if (!header.chainId().equals(chain.chainId())) {
      throw new BlockFileException(
          "the block file holds chain \""
              + header.chainId()
              + "\" but this node runs chain \""
              + chain.chainId()
              + "\": a node imports only blocks of its own chain");
    }
    Block genesis =
        chain.block(0).orElseThrow(() -> new ForklessException("this node has no genesis block"));
    if (!header.genesisHash().equals(genesis.hash())) {
      throw new BlockFileException(
          "the block file's genesis block "
              + header.genesisHash()
              + " is not this node's genesis "
              + genesis.hash()
              + " (chain \""
              + chain.chainId()
              + "\"): the file comes from another genesis configuration");
    }
  }

  private static void checkFollows(
      Chain chain, BlockFileHeader header, @Nullable Block previous, Block block) {
    long expected = previous == null ? header.firstHeight() : previous.height() + 1;
    if (block.height() != expected) {
      throw new BlockImportException(
          expected,
          "block "
              + expected
              + " is missing from the block file: the record after "
              + (expected - 1)
              + " holds block "
              + block.height());
    }
    if (!block.header().chainId().equals(chain.chainId())) {
      throw new BlockImportException(
          expected, "block " + expected + " belongs to chain \"" + block.header().chainId() + "\"");
    }
    if (previous != null && !block.header().parentHash().equals(previous.hash())) {
      throw new BlockImportException(
          expected,
          "block "
              + expected
              + " names parent "
              + block.header().parentHash()
              + " but block "
              + previous.height()
              + " in the file has hash "
              + previous.hash());
    }
  }

  private static void checkSameAsLocal(Chain chain, Block block) {
    Block mine =
        chain
            .block(block.height())
            .orElseThrow(
                () -> new ForklessException("committed block " + block.height() + " is missing"));
    if (!mine.hash().equals(block.hash())) {
      throw new BlockImportException(
          block.height(),
          "block "
              + block.height()
              + " in the file has hash "
              + block.hash()
              + " but this node's block "
              + block.height()
              + " is "
              + mine.hash()
              + ": the file holds another history from that height");
    }
  }

  private static void execute(Chain chain, Block block) {
    long h = block.height();
    try {
      chain.importBlock(block);
    } catch (BlockProductionHaltedException e) {
      throw new ImportHaltedException(
          h,
          "import halted at height "
              + h
              + " (a local failure; blocks up to "
              + (h - 1)
              + " are committed): "
              + e.getMessage()
              + ". Run the import again once it is supplied: it resumes at height "
              + h,
          e);
    } catch (BlockRejectedException e) {
      throw new BlockImportException(
          h,
          "import stopped at height "
              + h
              + " (blocks up to "
              + (h - 1)
              + " are committed, this one is not): "
              + e.getMessage(),
          e);
    }
  }
}
