package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.ForklessException;
import io.forkless.node.config.RpcAddress;
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
    return start(addr, methods, meters, routes -> {});
  }

  /**
   * Same as {@link #start(RpcAddress, RpcMethods, PrometheusMeterRegistry)}, with more GET routes
   * (the dashboard's page and assets) added by {@code pages}.
   */
  public static RpcServer start(
      RpcAddress addr,
      RpcMethods methods,
      PrometheusMeterRegistry meters,
      Consumer<RoutesConfig> pages) {
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.routes.post("/rpc", ctx -> handleRpc(ctx, methods));
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

  private static void handleRpc(Context ctx, RpcMethods methods) {
    JsonNode request;
    try {
      request = JSON.readTree(ctx.body());
    } catch (java.io.IOException e) {
      ctx.contentType("application/json")
          .result(
              error(null, RpcException.PARSE_ERROR, "parse error: the body is not JSON")
                  .toString());
      return;
    }
    JsonNode response;
    if (request != null && request.isArray()) {
      if (request.isEmpty()) {
        response = error(null, RpcException.INVALID_REQUEST, "invalid request: empty batch");
      } else {
        ArrayNode all = JSON.createArrayNode();
        request.forEach(r -> all.add(call(r, methods)));
        response = all;
      }
    } else {
      response = call(request, methods);
    }
    ctx.contentType("application/json").result(response.toString());
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
