package io.forkless.host.code;

import io.forkless.host.codec.Codec;

/**
 * The chain parameters of code in state, written into the genesis state ({@code 0x00
 * "code/params"}) and read from there by every node, so all agree on them.
 *
 * @param maxCodeSize the largest JAR (bytes) an upload may declare
 * @param maxChunkBytes the most code bytes one upload transaction carries
 * @param maxUploadBytesPerBlock the most code bytes all upload transactions of one block carry
 * @param pruneAfterBlocks how many blocks unreferenced code (or a stalled partial upload) stays in
 *     state before it is pruned
 */
public record CodeParameters(
    long maxCodeSize, int maxChunkBytes, long maxUploadBytesPerBlock, long pruneAfterBlocks) {

  private static final int FORMAT = 1;

  /**
   * @throws IllegalArgumentException for a limit below 1 or a chunk larger than the block budget
   */
  public CodeParameters {
    if (maxCodeSize < 1
        || maxChunkBytes < 1
        || maxUploadBytesPerBlock < 1
        || pruneAfterBlocks < 1) {
      throw new IllegalArgumentException(
          "code parameters must all be at least 1 but were: max code size "
              + maxCodeSize
              + ", max chunk "
              + maxChunkBytes
              + ", max upload per block "
              + maxUploadBytesPerBlock
              + ", prune after "
              + pruneAfterBlocks);
    }
    if (maxChunkBytes > maxUploadBytesPerBlock) {
      throw new IllegalArgumentException(
          "a chunk of "
              + maxChunkBytes
              + " bytes cannot fit the per-block upload budget of "
              + maxUploadBytesPerBlock);
    }
  }

  /**
   * 16 MiB code, 3,968-byte chunks (an upload transaction then fits the mempool's default 4 KiB
   * limit), 1 MiB of code per block, pruning after 100 blocks.
   */
  public static CodeParameters defaults() {
    return new CodeParameters(16L << 20, 3968, 1L << 20, 100);
  }

  /** The canonical encoding (format byte 1, then the four limits). */
  public byte[] encode() {
    return new Codec.Writer()
        .u8(FORMAT)
        .i64(maxCodeSize)
        .i32(maxChunkBytes)
        .i64(maxUploadBytesPerBlock)
        .i64(pruneAfterBlocks)
        .toByteArray();
  }

  /**
   * @throws IllegalArgumentException for an unknown format or a malformed record
   */
  public static CodeParameters decode(byte[] bytes) {
    Codec.Reader r = new Codec.Reader(bytes);
    int format = r.u8("code parameters format");
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown code parameters format " + format);
    }
    CodeParameters p =
        new CodeParameters(
            r.i64("max code size"),
            r.i32("max chunk bytes"),
            r.i64("max upload bytes per block"),
            r.i64("prune after blocks"));
    r.expectEnd("code parameters");
    return p;
  }
}
