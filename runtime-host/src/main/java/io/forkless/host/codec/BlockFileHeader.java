package io.forkless.host.codec;

import com.google.common.hash.HashCode;

/**
 * What a block file says about itself before its blocks (docs/block-file.md).
 *
 * @param formatVersion the block-file format version ({@link BlockFileWriter#FORMAT_VERSION} when
 *     written by this code)
 * @param chainId the chain the blocks belong to
 * @param genesisHash the hash of that chain's genesis block (height 0)
 * @param firstHeight the height of the first block in the file
 * @param blockCount how many consecutive blocks follow
 */
public record BlockFileHeader(
    int formatVersion, String chainId, HashCode genesisHash, long firstHeight, long blockCount) {

  /**
   * @throws IllegalArgumentException if the first height or count is negative, or the genesis hash
   *     is not 256 bits
   */
  public BlockFileHeader {
    if (firstHeight < 0 || blockCount < 0) {
      throw new IllegalArgumentException(
          "first height and block count must be >= 0 but were " + firstHeight + ", " + blockCount);
    }
    if (genesisHash.bits() != 256) {
      throw new IllegalArgumentException("genesis hash must be 256 bits: " + genesisHash);
    }
  }

  /** The height of the last block in the file; {@code firstHeight - 1} when it holds none. */
  public long lastHeight() {
    return firstHeight + blockCount - 1;
  }
}
