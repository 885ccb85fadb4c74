package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A fake node for client tests: a JSON-RPC server on 127.0.0.1 that records every request and
 * answers each method with a canned result (docs/rpc.md), or a JSON-RPC error.
 */
final class FakeNode implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A status object as docs/rpc.md shows it: a dev node at height 42 running 1.0.0. */
  static final String DEV_STATUS =
      """
      {"chainId":"forkless-dev","dev":true,"height":42,"headHash":"%1$s","stateRoot":"%2$s",
       "runtimeVersion":"1.0.0","codeHash":"%3$s","paused":false,"pausedReason":null,"halted":null,
       "snapshots":1,"mempoolSize":0,"emergencyNonce":3,"totalStake":100,
       "validators":[{"name":"alice","stake":40}],"pendingUpgrade":null}
      """
          .formatted("aa".repeat(32), "bb".repeat(32), "cc".repeat(32));

  private final HttpServer server;
  private final List<JsonNode> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Function<JsonNode, JsonNode>> answers = new ConcurrentHashMap<>();

  FakeNode() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/rpc",
        exchange -> {
          JsonNode request;
          try (InputStream in = exchange.getRequestBody()) {
            request = JSON.readTree(in);
          }
          requests.add(request);
          ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
          response.set("id", request.get("id"));
          String method = request.path("method").asText();
          Function<JsonNode, JsonNode> answer = answers.get(method);
          try {
            if (answer == null) {
              throw new RpcError(-32601, "unknown method " + method);
            }
            response.set("result", answer.apply(request.path("params")));
          } catch (RpcError e) {
            response.putObject("error").put("code", e.code).put("message", e.getMessage());
          }
          byte[] body = JSON.writeValueAsBytes(response);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    status(DEV_STATUS);
  }

  /** A JSON-RPC error the fake answers with. */
  static final class RpcError extends RuntimeException {
    final int code;

    RpcError(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeNode answer(String method, Function<JsonNode, JsonNode> answer) {
    answers.put(method, answer);
    return this;
  }

  FakeNode answer(String method, String json) {
    JsonNode result = parse(json);
    return answer(method, params -> result);
  }

  FakeNode status(String json) {
    return answer("forkless_status", json);
  }

  /** Accepts every submitted transaction and reports it included at height 43 with a receipt. */
  FakeNode includesEverything(boolean success, String message) {
    // Every account has nonce 7 on chain and nothing pending.
    answer("forkless_pendingNonce", p -> parse("{\"next\":null}"));
    answer(
        "forkless_query",
        p -> {
          ObjectNode q = JSON.createObjectNode();
          q.put(
              "text",
              "{\"account\":\""
                  + "ab".repeat(32)
                  + "\",\"exists\":true,\"nonce\":7,\"balance\":90,\"staked\":10}");
          return q;
        });
    answer("forkless_submitTransaction", p -> parse("{\"hash\":\"" + "11".repeat(32) + "\"}"));
    answer(
        "forkless_submitRuntimeTransaction", p -> parse("{\"hash\":\"" + "22".repeat(32) + "\"}"));
    answer(
        "forkless_transaction",
        p -> {
          ObjectNode tx = JSON.createObjectNode();
          tx.put("hash", p.path("hash").asText());
          tx.put("status", "included");
          tx.put("height", 43);
          tx.put("success", success);
          tx.put("message", message);
          return tx;
        });
    answer(
        "forkless_code",
        p ->
            parse(
                "{\"hash\":\""
                    + p.path("hash").asText()
                    + "\",\"present\":true,\"complete\":true,\"received\":1,"
                    + "\"namedByOpenProposal\":true,\"height\":43}"));
    return this;
  }

  /** Every recorded request of {@code method}, oldest first. */
  List<JsonNode> requests(String method) {
    synchronized (requests) {
      return requests.stream().filter(r -> method.equals(r.path("method").asText())).toList();
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
