package io.forkless.host.codec;

import com.google.common.hash.HashCode;
import io.forkless.host.chain.Block;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a block file (docs/block-file.md): the header, one length-prefixed canonical block
 * encoding per block, then the trailer. The caller owns the stream: it is flushed by {@link
 * #finish()}, never closed. Not thread-safe.
 */
public final class BlockFileWriter {

  /** The block-file format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  static final byte[] MAGIC = "FKBLOCKS".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TRAILER_MAGIC = "FKBLKEND".getBytes(StandardCharsets.US_ASCII);
  static final HashCode NO_BLOCK = HashCode.fromBytes(new byte[32]);

  private final DataOutputStream out;
  private final BlockFileHeader header;
  private long written;
  private HashCode lastHash = NO_BLOCK;

  private BlockFileWriter(OutputStream out, BlockFileHeader header) {
    this.out = new DataOutputStream(out);
    this.header = header;
  }

  /**
   * Writes the header and returns a writer for the blocks.
   *
   * @throws IllegalArgumentException if the header's format version is not {@link #FORMAT_VERSION}
   * @throws UncheckedIOException if the stream fails
   */
  public static BlockFileWriter start(OutputStream out, BlockFileHeader header) {
    if (header.formatVersion() != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "can only write format version " + FORMAT_VERSION + ", not " + header.formatVersion());
    }
    BlockFileWriter w = new BlockFileWriter(out, header);
    w.io(
        () -> {
          w.out.write(MAGIC);
          w.out.writeInt(FORMAT_VERSION);
          byte[] id = header.chainId().getBytes(StandardCharsets.UTF_8);
          w.out.writeInt(id.length);
          w.out.write(id);
          w.out.write(header.genesisHash().asBytes());
          w.out.writeLong(header.firstHeight());
          w.out.writeLong(header.blockCount());
        });
    return w;
  }

  /**
   * Appends the next block.
   *
   * @throws IllegalStateException if the header's block count is already written
   * @throws UncheckedIOException if the stream fails
   */
  public void append(Block block) {
    if (written == header.blockCount()) {
      throw new IllegalStateException(
          "the header announces "
              + header.blockCount()
              + " blocks; block "
              + block.height()
              + " is one too many");
    }
    byte[] encoded = block.encode();
    io(
        () -> {
          out.writeInt(encoded.length);
          out.write(encoded);
        });
    written++;
    lastHash = block.hash();
  }

  /**
   * Writes the trailer (block count and last block hash) and flushes.
   *
   * @throws IllegalStateException if fewer blocks than announced were appended
   * @throws UncheckedIOException if the stream fails
   */
  public void finish() {
    if (written != header.blockCount()) {
      throw new IllegalStateException(
          "the header announces "
              + header.blockCount()
              + " blocks but "
              + written
              + " were appended");
    }
    io(
        () -> {
          out.write(TRAILER_MAGIC);
          out.writeLong(written);
          out.write(lastHash.asBytes());
          out.flush();
        });
  }

  private interface Write {
    void run() throws IOException;
  }

  private void io(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the block file: " + e.getMessage(), e);
    }
  }
}
