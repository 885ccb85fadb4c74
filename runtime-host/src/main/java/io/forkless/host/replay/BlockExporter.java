package io.forkless.host.replay;

import io.forkless.host.ForklessException;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import java.io.OutputStream;

/** Writes a chain's committed blocks as a block file (docs/block-file.md). */
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
    long head = chain.head().height();
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
    Block genesis = block(chain, 0);
    BlockFileWriter writer =
        BlockFileWriter.start(
            out,
            new BlockFileHeader(
                BlockFileWriter.FORMAT_VERSION,
                chain.chainId(),
                genesis.hash(),
                fromHeight,
                toHeight - fromHeight + 1));
    long txs = 0;
    for (long h = fromHeight; h <= toHeight; h++) {
      Block b = block(chain, h);
      writer.append(b);
      txs += b.transactions().size();
    }
    writer.finish();
    return new Exported(fromHeight, toHeight, toHeight - fromHeight + 1, txs);
  }

  /** Exports every block after genesis up to the head. */
  public static Exported exportAll(Chain chain, OutputStream out) {
    long head = chain.head().height();
    return export(chain, Math.min(1, head), head, out);
  }

  private static Block block(Chain chain, long height) {
    return chain
        .block(height)
        .orElseThrow(
            () ->
                new ForklessException("committed block " + height + " is missing from the store"));
  }
}
