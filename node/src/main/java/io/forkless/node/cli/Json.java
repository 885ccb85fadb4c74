package io.forkless.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code --json} output: one compact JSON document per line. */
final class Json {

  private Json() {}

  static ObjectNode object() {
    return RpcClient.mapper().createObjectNode();
  }

  static String write(Object value) {
    try {
      return RpcClient.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
