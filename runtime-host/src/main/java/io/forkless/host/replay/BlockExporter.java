package io.forkless.host.replay;

import io.forkless.host.ForklessException;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.codec.BlockFileHeader;
import io.forkless.host.codec.BlockFileWriter;
import io.forkless.host.state.StateStore;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Writes a chain's committed blocks as a block file (docs/block-file.md), from an open {@link
 * Chain} or straight from a {@link StateStore} (a stopped node's data folder: no runtime JAR,
 * genesis configuration or trust store needed).
 */
public final class BlockExporter {

  /** What an export wrote. */
  public record Exported(long fromHeight, long toHeight, long blocks, long transactions) {}

  private BlockExporter() {}

  /**
   * Writes the committed blocks {@code fromHeight..toHeight} (inclusive) of {@code chain} to {@code
   * out}, flushed, not closed. Safe while the chain produces blocks: only committed blocks at or
   * below the given heights are read. After a rollback the reverted blocks are not part of the
   * chain, so the file holds the canonical history only.
   *
   * @throws IllegalArgumentException unless {@code 0 <= fromHeight <= toHeight <= head height}
   * @throws java.io.UncheckedIOException if the stream fails
   */
  public static Exported export(Chain chain, long fromHeight, long toHeight, OutputStream out) {
    return export(chain::block, chain.head().height(), fromHeight, toHeight, out);
  }

  /** Exports every block after genesis up to the head (only genesis when that is the head). */
  public static Exported exportAll(Chain chain, OutputStream out) {
    long head = chain.head().height();
    return export(chain, Math.min(1, head), head, out);
  }

  /**
   * As {@link #export(Chain, long, long, OutputStream)}, reading the blocks from a store that holds
   * a chain; {@code toHeight} empty means the stored head.
   *
   * @throws ForklessException if the store holds no chain
   */
  public static Exported export(
      StateStore store, long fromHeight, Optional<Long> toHeight, OutputStream out) {
    long head =
        Chain.storedHeadHeight(store)
            .orElseThrow(() -> new ForklessException("the data folder holds no chain to export"));
    return export(h -> Chain.storedBlock(store, h), head, fromHeight, toHeight.orElse(head), out);
  }

  private static Exported export(
      LongFunction<Optional<Block>> blocks,
      long head,
      long fromHeight,
      long toHeight,
      OutputStream out) {
    if (fromHeight < 0 || fromHeight > toHeight || toHeight > head) {
      throw new IllegalArgumentException(
          "export range "
              + fromHeight
              + ".."
              + toHeight
              + " must lie within 0.."
              + head
              + " (the head) and not be empty");
    }
    Block genesis = block(blocks, 0);
    BlockFileWriter writer =
        BlockFileWriter.start(
            out,
            new BlockFileHeader(
                BlockFileWriter.FORMAT_VERSION,
                genesis.header().chainId(),
                genesis.hash(),
                fromHeight,
                toHeight - fromHeight + 1));
    long txs = 0;
    for (long h = fromHeight; h <= toHeight; h++) {
      Block b = block(blocks, h);
      writer.append(b);
      txs += b.transactions().size();
    }
    writer.finish();
    return new Exported(fromHeight, toHeight, toHeight - fromHeight + 1, txs);
  }

  private static Block block(LongFunction<Optional<Block>> blocks, long height) {
    return blocks
        .apply(height)
        .orElseThrow(
            () ->
                new ForklessException("committed block " + height + " is missing from the store"));
  }
}
