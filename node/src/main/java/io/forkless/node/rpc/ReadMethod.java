package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A read-only JSON-RPC method contributed by another part of the node (the dashboard's {@code
 * forkless_dashboard} and {@code forkless_events}). Must not change the chain.
 */
@FunctionalInterface
public interface ReadMethod {

  /**
   * @param params the request's params: an object, or missing
   * @throws RpcException with the protocol's code on bad params
   */
  JsonNode call(JsonNode params);
}
