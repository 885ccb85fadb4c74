package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.ForklessException;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.config.RpcLimits;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.BindException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server (Javalin): {@code POST /rpc} (JSON-RPC 2.0, single or batch), {@code GET
 * /metrics} (Prometheus text), {@code GET /health} (200 with {@code "status":"ok"} or {@code
 * "paused"}, 503 with {@code "halted"}) and any pages added at start. Thread-safe.
 *
 * <p>Limits ({@link RpcLimits}): only {@code Content-Type: application/json} is accepted (a browser
 * page cannot send that cross-origin without a preflight, which is not answered), bodies and
 * batches are bounded, a batch stops at the call whose response would pass the response limit, and
 * every refusal is a JSON-RPC error object. A non-loopback address needs {@link
 * RpcLimits.Exposure#EXTERNAL_ALLOWED}.
 */
public final class RpcServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Javalin app;
  private final String address;

  private RpcServer(Javalin app, String address) {
    this.app = app;
    this.address = address;
  }

  /**
   * Listens on {@code addr}.
   *
   * @throws ForklessException "port N is in use: …" when another process has the port, or naming
   *     the address when it cannot be bound for another reason
   */
  public static RpcServer start(
      RpcAddress addr, RpcMethods methods, PrometheusMeterRegistry meters) {
    return start(addr, RpcLimits.defaults(), methods, meters, routes -> {});
  }

  /**
   * Listens on {@code addr} with {@code limits}, with more GET routes (the dashboard's page and
   * assets) added by {@code pages}.
   *
   * @throws ForklessException as {@link #start(RpcAddress, RpcMethods, PrometheusMeterRegistry)},
   *     or when {@code addr} is not loopback and the limits do not allow external exposure
   */
  public static RpcServer start(
      RpcAddress addr,
      RpcLimits limits,
      RpcMethods methods,
      PrometheusMeterRegistry meters,
      Consumer<RoutesConfig> pages) {
    boolean loopback = isLoopback(addr.host());
    if (!loopback && limits.exposure() != RpcLimits.Exposure.EXTERNAL_ALLOWED) {
      throw new ForklessException(
          "refusing to listen on "
              + addr
              + ", which is not a loopback address: the RPC has no authentication. Put an"
              + " authenticating proxy in front and pass --rpc-external (or rpc.allow_external ="
              + " true), or use 127.0.0.1");
    }
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              // Javalin's own limit answers in plain text; ours (checked first) answers JSON-RPC.
              config.http.maxRequestSize = limits.maxRequestBytes() + 1L;
              config.routes.post("/rpc", ctx -> handleRpc(ctx, methods, limits));
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(meters.scrape()));
              config.routes.get("/health", ctx -> health(ctx, methods));
              pages.accept(config.routes);
            });
    try {
      app.start(addr.host(), addr.port());
    } catch (RuntimeException e) {
      stopQuietly(app);
      if (causedByBind(e)) {
        throw new ForklessException(
            "port "
                + addr.port()
                + " is in use: stop the other node or pass --rpc-addr (e.g. --rpc-addr "
                + addr.host()
                + ":"
                + (addr.port() + 1)
                + ")",
            e);
      }
      throw new ForklessException("cannot listen on " + addr + ": " + e.getMessage(), e);
    }
    String bound = addr.host() + ":" + app.port();
    log.info(
        "JSON-RPC on http://{}/rpc, metrics on /metrics, health on /health, dashboard on /", bound);
    if (!loopback) {
      log.warn(
          "JSON-RPC listens on non-loopback address {} (--rpc-external): it has no"
              + " authentication, so anyone who reaches it can submit and roll back; keep it"
              + " behind an authenticating proxy or firewall",
          bound);
    }
    return new RpcServer(app, bound);
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || t instanceof io.javalin.util.JavalinBindException) {
        return true;
      }
    }
    return false;
  }

  private static void stopQuietly(Javalin app) {
    try {
      app.stop();
    } catch (RuntimeException ignored) {
      // Nothing was started: nothing to stop.
    }
  }

  /** {@code host:port} actually bound. */
  public String address() {
    return address;
  }

  private static void health(Context ctx, RpcMethods methods) {
    ObjectNode body = JSON.createObjectNode();
    NodeHealth health = methods.health();
    body.put("status", health.state().json());
    health.reason().ifPresent(why -> body.put("reason", why));
    var warnings = body.putArray("warnings");
    health.warnings().forEach(warnings::add);
    if (health.state() == NodeHealth.State.HALTED) {
      // Paused is healthy (production stops on purpose); halted needs the operator.
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
    }
    body.put("height", methods.height());
    ctx.contentType("application/json").result(body.toString());
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static void handleRpc(Context ctx, RpcMethods methods, RpcLimits limits) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      refuse(
          ctx,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "invalid request: Content-Type must be application/json but was " + type);
      return;
    }
    long declared = ctx.contentLength();
    if (declared > limits.maxRequestBytes()) {
      refuse(ctx, HttpStatus.CONTENT_TOO_LARGE, tooLarge(declared, limits));
      return;
    }
    byte[] body;
    try {
      body = ctx.bodyAsBytes();
    } catch (RuntimeException e) {
      refuse(ctx, HttpStatus.CONTENT_TOO_LARGE, tooLarge(-1, limits));
      return;
    }
    if (body.length > limits.maxRequestBytes()) {
      refuse(ctx, HttpStatus.CONTENT_TOO_LARGE, tooLarge(body.length, limits));
      return;
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (java.io.IOException e) {
      ctx.contentType("application/json")
          .result(
              error(null, RpcException.PARSE_ERROR, "parse error: the body is not JSON")
                  .toString());
      return;
    }
    String response;
    if (request != null && request.isArray()) {
      if (request.isEmpty()) {
        response =
            error(null, RpcException.INVALID_REQUEST, "invalid request: empty batch").toString();
      } else if (request.size() > limits.maxBatchCalls()) {
        response =
            error(
                    null,
                    RpcException.INVALID_REQUEST,
                    "invalid request: a batch of "
                        + request.size()
                        + " calls exceeds the limit of "
                        + limits.maxBatchCalls()
                        + " (rpc.max_batch_calls): split it")
                .toString();
      } else {
        response = batch(request, methods, limits);
      }
    } else {
      response = call(request, methods).toString();
      if (response.length() > limits.maxResponseBytes()) {
        response =
            responseTooLarge(
                    request != null && request.isObject() ? request.get("id") : null,
                    response.length(),
                    limits)
                .toString();
      }
    }
    ctx.contentType("application/json").result(response);
  }

  /**
   * Runs a batch's calls in order, stopping at the first whose response would pass the response
   * limit: it and the calls after it get an error each (not executed), so the body stays bounded.
   */
  private static String batch(JsonNode request, RpcMethods methods, RpcLimits limits) {
    ArrayNode all = JSON.createArrayNode();
    long size = 2;
    boolean over = false;
    for (JsonNode r : request) {
      JsonNode id = r != null && r.isObject() ? r.get("id") : null;
      if (!over) {
        ObjectNode answer = call(r, methods);
        int length = answer.toString().length() + 1;
        if (size + length <= limits.maxResponseBytes()) {
          all.add(answer);
          size += length;
          continue;
        }
        over = true;
      }
      all.add(
          error(
              id,
              RpcException.INVALID_REQUEST,
              "not executed: the batch's response would exceed "
                  + limits.maxResponseBytes()
                  + " bytes (rpc.max_response_bytes): send this call again in a smaller batch"));
    }
    return all.toString();
  }

  private static ObjectNode responseTooLarge(@Nullable JsonNode id, long length, RpcLimits limits) {
    return error(
        id,
        RpcException.INVALID_REQUEST,
        "the response of "
            + length
            + " bytes exceeds the limit of "
            + limits.maxResponseBytes()
            + " (rpc.max_response_bytes)");
  }

  private static String tooLarge(long length, RpcLimits limits) {
    return "invalid request: the body"
        + (length >= 0 ? " of " + length + " bytes" : "")
        + " exceeds the limit of "
        + limits.maxRequestBytes()
        + " bytes (rpc.max_request_bytes)";
  }

  private static void refuse(Context ctx, HttpStatus status, String message) {
    ctx.status(status)
        .contentType("application/json")
        .result(error(null, RpcException.INVALID_REQUEST, message).toString());
  }

  private static ObjectNode call(@Nullable JsonNode request, RpcMethods methods) {
    if (request == null || !request.isObject()) {
      return error(null, RpcException.INVALID_REQUEST, "invalid request: expected a JSON object");
    }
    JsonNode id = request.get("id");
    JsonNode method = request.get("method");
    if (!"2.0".equals(request.path("jsonrpc").asText(null))
        || method == null
        || !method.isTextual()) {
      return error(
          id,
          RpcException.INVALID_REQUEST,
          "invalid request: expected {\"jsonrpc\":\"2.0\",\"method\":…,\"params\":…,\"id\":…}");
    }
    try {
      JsonNode result = methods.call(method.textValue(), request.path("params"));
      ObjectNode ok = JSON.createObjectNode().put("jsonrpc", "2.0");
      ok.set("result", result);
      ok.set("id", id);
      return ok;
    } catch (RpcException e) {
      return error(id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("RPC {} failed", method.textValue(), e);
      return error(id, RpcException.INTERNAL_ERROR, "internal error: " + e);
    }
  }

  private static ObjectNode error(@Nullable JsonNode id, int code, @Nullable String message) {
    ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
    out.putObject("error").put("code", code).put("message", message);
    out.set("id", id);
    return out;
  }

  /** Stops listening. */
  @Override
  public void close() {
    app.stop();
  }
}
