package io.forkless.node.config;

/**
 * What the JSON-RPC server accepts: bounds on one request's work and memory, and whether it may
 * listen beyond loopback ({@code [rpc]} in the config file; {@code --rpc-external}).
 *
 * @param maxBatchCalls the most calls one batch may hold
 * @param maxRequestBytes the largest request body
 * @param maxResponseBytes the largest response body (a batch stops at the call that would pass it)
 * @param exposure whether a non-loopback address is allowed
 */
public record RpcLimits(
    int maxBatchCalls, int maxRequestBytes, int maxResponseBytes, Exposure exposure) {

  /** Where the RPC may listen. */
  public enum Exposure {
    /** Loopback addresses only (the default): the RPC has no authentication. */
    LOOPBACK_ONLY,
    /** Any address: the operator put an authenticating proxy or firewall in front. */
    EXTERNAL_ALLOWED
  }

  /**
   * @throws IllegalArgumentException if a limit is below 1 (or below 1 KiB for bodies)
   */
  public RpcLimits {
    if (maxBatchCalls < 1) {
      throw new IllegalArgumentException("max_batch_calls must be >= 1 but was " + maxBatchCalls);
    }
    if (maxRequestBytes < 1024 || maxResponseBytes < 1024) {
      throw new IllegalArgumentException(
          "max_request_bytes and max_response_bytes must be >= 1024 but were "
              + maxRequestBytes
              + " and "
              + maxResponseBytes);
    }
  }

  /** 100 calls per batch, 1 MiB requests, 8 MiB responses, loopback only. */
  public static RpcLimits defaults() {
    return new RpcLimits(100, 1 << 20, 8 << 20, Exposure.LOOPBACK_ONLY);
  }

  /** These limits with another exposure. */
  public RpcLimits withExposure(Exposure newExposure) {
    return new RpcLimits(maxBatchCalls, maxRequestBytes, maxResponseBytes, newExposure);
  }
}
