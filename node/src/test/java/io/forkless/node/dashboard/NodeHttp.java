package io.forkless.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.forkless.node.server.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GETs and JSON-RPC calls to an in-process node's HTTP server. */
final class NodeHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Node node;

  NodeHttp(Node node) {
    this.node = node;
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The whole JSON-RPC response. */
  JsonNode call(String method, String params) throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress() + "/rpc"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  /** The result; fails on an error object. */
  /** The validator's next governance nonce, from the status. */
  long governanceNonce(String validator) throws Exception {
    for (JsonNode v : result("forkless_status", "{}").get("validators")) {
      if (v.get("name").asText().equals(validator)) {
        return v.get("nonce").asLong();
      }
    }
    throw new AssertionError("no validator " + validator);
  }

  /** A dev account's next nonce (after its pending transactions), from the node. */
  long accountNonce(String name) throws Exception {
    JsonNode account =
        JSON.readTree(
            result("forkless_query", "{\"query\":\"account " + name + "\"}").get("text").asText());
    JsonNode pending =
        result("forkless_pendingNonce", "{\"sender\":\"" + account.get("account").asText() + "\"}");
    return pending.get("next").isNull()
        ? account.get("nonce").asLong()
        : pending.get("next").asLong();
  }

  JsonNode result(String method, String params) throws Exception {
    JsonNode r = call(method, params);
    assertThat(r.has("error")).as("%s", r).isFalse();
    return r.get("result");
  }

  /** The value of an unlabelled metric on /metrics. */
  String metric(String name) throws Exception {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)").matcher(get("/metrics").body());
    assertThat(m.find()).as(name).isTrue();
    return m.group(1);
  }
}
