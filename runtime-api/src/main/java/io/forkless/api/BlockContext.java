package io.forkless.api;

import java.util.Objects;

/**
 * What a runtime may know about the block it executes in, and the host functions it may call. The
 * timestamp is the producer's, recorded in the block header, so every node replaying the block sees
 * the same value (runtimes may not read clocks).
 *
 * @param chainId the chain's id (recorded in every block header); signed transactions bind it so
 *     that a transaction signed for one chain is refused on another
 * @param height the block's height (genesis is 0)
 * @param timestampMillis the producer's timestamp, milliseconds since the epoch
 * @param host the host functions (signature verification, hashing)
 */
public record BlockContext(String chainId, long height, long timestampMillis, HostFunctions host) {

  /**
   * @throws IllegalArgumentException if height is negative or the chain id is empty
   */
  public BlockContext {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(host, "host");
    if (chainId.isEmpty()) {
      throw new IllegalArgumentException("chain id must not be empty");
    }
    if (height < 0) {
      throw new IllegalArgumentException("block height must be >= 0 but was " + height);
    }
  }
}
