package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.chain.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC 2.0 client of one node (docs/rpc.md). Every failure (unreachable node, HTTP error,
 * JSON-RPC error object, malformed answer) becomes a one-line {@link CliException}. Thread-safe.
 */
public final class RpcClient {

  /** How often {@link #awaitInclusion} asks the node again. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http;
  private final AtomicLong ids = new AtomicLong();

  private RpcClient(URI endpoint) {
    this.endpoint = endpoint;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * A client of the node at {@code url}, e.g. {@code http://127.0.0.1:9944}; {@code /rpc} is
   * appended when the URL has no path.
   *
   * @throws CliException if the URL is not an http(s) URL
   */
  public static RpcClient of(String url) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new CliException("--rpc " + url + " is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new CliException("--rpc " + url + " must be an http:// or https:// URL");
    }
    String path = uri.getPath();
    if (path == null || path.isEmpty() || "/".equals(path)) {
      uri = uri.resolve("/rpc");
    }
    return new RpcClient(uri);
  }

  /** The JSON-RPC endpoint. */
  public URI endpoint() {
    return endpoint;
  }

  /** A new, empty params object. */
  public static ObjectNode params() {
    return MAPPER.createObjectNode();
  }

  /** The shared JSON mapper (for printing {@code --json} output). */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Calls {@code method} and returns its {@code result}.
   *
   * @throws CliException with the node's error message, or why the node could not be asked
   */
  public JsonNode call(String method, ObjectNode params) {
    ObjectNode request = MAPPER.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    request.set("params", params);
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(
          "cannot reach the node at "
              + endpoint
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); is it running? (--rpc URL)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while calling " + method, e);
    }
    JsonNode body;
    try {
      body = MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new CliException(
          method + ": the node answered HTTP " + response.statusCode() + " without JSON", e);
    }
    JsonNode error = body.get("error");
    if (error != null && !error.isNull()) {
      throw new CliException(
          method
              + " failed: "
              + error.path("message").asText("(no message)")
              + " (code "
              + error.path("code").asText("?")
              + ")");
    }
    if (!body.has("result")) {
      throw new CliException(
          method + ": the node answered HTTP " + response.statusCode() + " without a result");
    }
    return body.get("result");
  }

  /** {@code forkless_status}. */
  public JsonNode status() {
    return call("forkless_status", params());
  }

  /** Submits {@code tx} with {@code forkless_submitTransaction}; returns its hash. */
  public String submit(Transaction tx) {
    ObjectNode p = params();
    p.put("tx", HexFormat.of().formatHex(tx.encode()));
    return text(call("forkless_submitTransaction", p), "hash");
  }

  /**
   * {@code forkless_query}: the runtime's answer to {@code request} (ASCII), parsed as JSON.
   *
   * @throws CliException if the runtime refuses the query or the answer is not JSON
   */
  public JsonNode queryJson(String request) {
    ObjectNode p = params();
    p.put("query", request);
    String text = text(call("forkless_query", p), "text");
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new CliException("the runtime's answer is not JSON: " + text, e);
    }
  }

  /** {@code forkless_pendingNonce}: {@code {"next": N}} or {@code {"next": null}}. */
  public JsonNode pendingNonce(String accountHex) {
    ObjectNode p = params();
    p.put("sender", accountHex);
    return call("forkless_pendingNonce", p);
  }

  /** Submits a runtime transaction as text; returns its hash. */
  public String submitText(String text) {
    ObjectNode p = params();
    p.put("text", text);
    return text(call("forkless_submitRuntimeTransaction", p), "hash");
  }

  /** {@code forkless_transaction}. */
  public JsonNode transaction(String hash) {
    ObjectNode p = params();
    p.put("hash", hash);
    return call("forkless_transaction", p);
  }

  /**
   * Asks for the transaction until a block includes it.
   *
   * @return the transaction object, with {@code status} "included"
   * @throws CliException if it is still pending after {@code timeout}, or the node let it go
   *     without a block (dropped from its mempool, refused by a validator network), with the reason
   */
  public JsonNode awaitInclusion(String hash, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode tx = transaction(hash);
      String state = tx.path("status").asText();
      if ("included".equals(state)) {
        return tx;
      }
      if ("dropped".equals(state) || "refused".equals(state)) {
        throw new CliException(
            "transaction "
                + hash
                + " was "
                + state
                + " by the node without a block: "
                + tx.path("message").asText("(no reason given)")
                + "; nothing of it was executed, send it again");
      }
      if (System.nanoTime() - deadline > 0) {
        throw new CliException(
            "transaction "
                + hash
                + " is still pending after "
                + timeout.toSeconds()
                + " s (--timeout); is block production paused or halted? see `forkless status`");
      }
      pause(POLL_INTERVAL);
    }
  }

  /** Waits between two polls of the node (a client polling a server, not a test). */
  static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the node", e);
    }
  }

  /** A required text field of a result. */
  static String text(JsonNode result, String field) {
    JsonNode value = result.get(field);
    if (value == null || !value.isTextual()) {
      throw new CliException("the node's answer has no \"" + field + "\": " + result);
    }
    return value.asText();
  }
}
