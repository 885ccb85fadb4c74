package io.forkless.host.codec;

import com.google.common.hash.HashCode;
import io.forkless.host.chain.Block;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a block file (docs/block-file.md) as a stream: the header on {@link #open}, then one block
 * per {@link #next()}; after the last announced block it checks the trailer and the end of input.
 * Only the framing is checked here (magic, version, lengths, canonical encodings, trailer); whether
 * the blocks form this node's chain is {@link io.forkless.host.replay.BlockImporter}'s job. The
 * caller owns the stream. Not thread-safe.
 */
public final class BlockFileReader {

  /** Upper bound of one block record, so a corrupt length cannot exhaust memory. */
  static final int MAX_BLOCK_BYTES = 256 * 1024 * 1024;

  private static final int MAX_CHAIN_ID_BYTES = 256;

  private final DataInputStream in;
  private final BlockFileHeader header;
  private long read;
  private HashCode lastHash = BlockFileWriter.NO_BLOCK;
  private boolean finished;

  private BlockFileReader(DataInputStream in, BlockFileHeader header) {
    this.in = in;
    this.header = header;
  }

  /**
   * Reads the header.
   *
   * @throws BlockFileException if the input is not a block file of a format version this code reads
   * @throws UncheckedIOException if the stream fails
   */
  public static BlockFileReader open(InputStream input) {
    DataInputStream in = new DataInputStream(input);
    try {
      byte[] magic = new byte[BlockFileWriter.MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, BlockFileWriter.MAGIC)) {
        throw new BlockFileException(
            "not a Forkless block file: it does not start with \"FKBLOCKS\"");
      }
      int version = in.readInt();
      if (version != BlockFileWriter.FORMAT_VERSION) {
        throw new BlockFileException(
            "block file format version "
                + version
                + " is not supported (this node reads version "
                + BlockFileWriter.FORMAT_VERSION
                + ")");
      }
      int idLength = in.readInt();
      if (idLength <= 0 || idLength > MAX_CHAIN_ID_BYTES) {
        throw new BlockFileException("block file header: chain id length " + idLength);
      }
      byte[] id = new byte[idLength];
      in.readFully(id);
      HashCode genesis = hash(in);
      long first = in.readLong();
      long count = in.readLong();
      if (first < 0 || count < 0) {
        throw new BlockFileException(
            "block file header: first height " + first + ", block count " + count);
      }
      return new BlockFileReader(
          in,
          new BlockFileHeader(
              version, new String(id, StandardCharsets.UTF_8), genesis, first, count));
    } catch (EOFException e) {
      throw new BlockFileException("block file truncated inside its header", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the block file: " + e.getMessage(), e);
    }
  }

  public BlockFileHeader header() {
    return header;
  }

  /**
   * The next block, or empty after the last one (once the trailer has been checked).
   *
   * @throws BlockFileException if the input is truncated, a record is not a canonical block
   *     encoding, or the trailer does not match the blocks read
   * @throws UncheckedIOException if the stream fails
   */
  public Optional<Block> next() {
    if (finished) {
      return Optional.empty();
    }
    long expectedHeight = header.firstHeight() + read;
    try {
      if (read == header.blockCount()) {
        checkTrailer();
        finished = true;
        return Optional.empty();
      }
      int length = in.readInt();
      if (length <= 0 || length > MAX_BLOCK_BYTES) {
        throw new BlockFileException(
            "block file record "
                + (read + 1)
                + " (height "
                + expectedHeight
                + "): length "
                + length
                + " is out of range");
      }
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      Block block;
      try {
        block = Block.decode(bytes);
      } catch (IllegalArgumentException e) {
        throw new BlockFileException(
            "block file record "
                + (read + 1)
                + " (height "
                + expectedHeight
                + ") is not a valid block: "
                + e.getMessage(),
            e);
      }
      read++;
      lastHash = block.hash();
      return Optional.of(block);
    } catch (EOFException e) {
      throw new BlockFileException(
          "block file truncated: it announces "
              + header.blockCount()
              + " blocks (heights "
              + header.firstHeight()
              + ".."
              + header.lastHeight()
              + ") but ends after "
              + (read == header.blockCount() ? "them without its trailer" : read + " of them"),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the block file: " + e.getMessage(), e);
    }
  }

  private void checkTrailer() throws IOException {
    byte[] magic = new byte[BlockFileWriter.TRAILER_MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, BlockFileWriter.TRAILER_MAGIC)) {
      throw new BlockFileException(
          "block file holds more than the "
              + header.blockCount()
              + " blocks its header announces, or its trailer is damaged");
    }
    long count = in.readLong();
    HashCode last = hash(in);
    if (count != read || !last.equals(lastHash)) {
      throw new BlockFileException(
          "block file trailer says "
              + count
              + " blocks ending with "
              + last
              + " but the file holds "
              + read
              + " ending with "
              + lastHash);
    }
    if (in.read() != -1) {
      throw new BlockFileException("block file has bytes after its trailer");
    }
  }

  private static HashCode hash(DataInputStream in) throws IOException {
    byte[] h = new byte[32];
    in.readFully(h);
    return HashCode.fromBytes(h);
  }
}
