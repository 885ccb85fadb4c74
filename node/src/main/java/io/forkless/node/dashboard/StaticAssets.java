package io.forkless.node.dashboard;

import io.forkless.host.ForklessException;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's page and assets, read once from the node JAR (nothing from a CDN, so the page
 * works offline) and served at {@code GET /} and {@code GET /dashboard/NAME}.
 */
final class StaticAssets {

  private static final String FOLDER = "/io/forkless/node/dashboard/static/";

  /** File name → content type. */
  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8",
          "favicon.svg", "image/svg+xml");

  private final Map<String, byte[]> content;

  private StaticAssets(Map<String, byte[]> content) {
    this.content = content;
  }

  /**
   * @throws ForklessException if an asset is missing from the JAR (a broken build)
   */
  static StaticAssets load() {
    Map<String, byte[]> content = new LinkedHashMap<>();
    for (String name : FILES.keySet()) {
      try (InputStream in = StaticAssets.class.getResourceAsStream(FOLDER + name)) {
        if (in == null) {
          throw new ForklessException(
              "the dashboard asset " + FOLDER + name + " is missing from the node JAR: rebuild it");
        }
        content.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new ForklessException("cannot read the dashboard asset " + name, e);
      }
    }
    return new StaticAssets(Map.copyOf(content));
  }

  /** Total size of the assets in bytes. */
  long totalBytes() {
    return content.values().stream().mapToLong(b -> b.length).sum();
  }

  void install(RoutesConfig routes) {
    routes.get("/", ctx -> serve(ctx, "index.html"));
    for (String name : FILES.keySet()) {
      routes.get("/dashboard/" + name, ctx -> serve(ctx, name));
    }
  }

  private void serve(io.javalin.http.Context ctx, String name) {
    ctx.contentType(FILES.get(name))
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .result(content.get(name));
  }
}
