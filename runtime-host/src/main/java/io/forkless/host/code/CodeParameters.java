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
 * @param precheckRequired whether an approved upgrade activates only once validators holding the
 *     approval threshold of stake attested its code ({@link Attestation})
 * @param precheckPostponeBlocks how far an activation without enough attestations is postponed
 *     (once); at the postponed height it fails if they are still missing
 */
public record CodeParameters(
    long maxCodeSize,
    int maxChunkBytes,
    long maxUploadBytesPerBlock,
    long pruneAfterBlocks,
    boolean precheckRequired,
    long precheckPostponeBlocks) {

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
              + pruneAfterBlocks
              + ", pre-check postponement "
              + precheckPostponeBlocks);
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
   * limit), 1 MiB of code per block, pruning after 100 blocks; no pre-check required (a
   * postponement of 20 blocks when one is).
   */
  public static CodeParameters defaults() {
    return new CodeParameters(16L << 20, 3968, 1L << 20, 100, false, 20);
  }

  /** These parameters with the pre-check required or not. */
  public CodeParameters withPrecheck(boolean required) {
    return new CodeParameters(
        maxCodeSize,
        maxChunkBytes,
        maxUploadBytesPerBlock,
        pruneAfterBlocks,
        required,
        precheckPostponeBlocks);
  }

  /** The canonical encoding (format byte 1, then the fields in order). */
  public byte[] encode() {
    return new Codec.Writer()
        .u8(FORMAT)
        .i64(maxCodeSize)
        .i32(maxChunkBytes)
        .i64(maxUploadBytesPerBlock)
        .i64(pruneAfterBlocks)
        .bool(precheckRequired)
        .i64(precheckPostponeBlocks)
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
            r.i64("prune after blocks"),
            r.bool("precheck required"),
            r.i64("precheck postponement"));
    r.expectEnd("code parameters");
    return p;
  }
}
