package io.forkless.node;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node started as a child process from the shaded {@code forkless.jar} (system property {@code
 * forkless.nodeJar}), with a JSON-RPC client. Its output goes to a log file the test can read.
 */
final class NodeProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path log;
  private final int port;

  private NodeProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code forkless node ARGS --rpc-addr 127.0.0.1:<free port>} and waits for /health. */
  static NodeProcess start(Path log, String... args) {
    NodeProcess node = launch(log, args);
    // Generous: a JVM start with RocksDB can take tens of seconds on a loaded 2-core machine.
    node.awaitHealthy(Duration.ofSeconds(120));
    return node;
  }

  /** Starts {@code forkless node ARGS --rpc-addr 127.0.0.1:<free port>} without waiting. */
  static NodeProcess launch(Path log, String... args) {
    return launch(log, List.of(), args);
  }

  /** As {@link #launch(Path, String...)}, with extra JVM options (e.g. {@code -Dkey=value}). */
  static NodeProcess launch(Path log, List<String> jvmOptions, String... args) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(nodeJar().toString());
    command.add("node");
    command.addAll(List.of(args));
    command.add("--rpc-addr");
    command.add("127.0.0.1:" + port);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new NodeProcess(p, log, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until /health answers 200; fails at once if the process exits. */
  void awaitHealthy(Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "node exited with " + process.exitValue() + ":\n" + logText());
              }
              return health().statusCode() == 200;
            });
  }

  static Path nodeJar() {
    Path jar = Path.of(System.getProperty("forkless.nodeJar", "target/forkless.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run mvn verify");
    }
    return jar;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> health() throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The node's URL of {@code path}, e.g. {@code http://127.0.0.1:PORT/}. */
  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  String get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The whole JSON-RPC response of {@code method}. */
  JsonNode rpcResponse(String method, ObjectNode params) {
    ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1);
    request.put("method", method).set("params", params);
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rpc"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The result of {@code method}; fails on an error object. */
  JsonNode rpc(String method, ObjectNode params) {
    JsonNode response = rpcResponse(method, params);
    if (response.has("error")) {
      throw new AssertionError(method + " " + params + " failed: " + response.get("error"));
    }
    return response.get("result");
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, then waits for the exit code. */
  int stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("node did not stop within 30 s after SIGTERM:\n" + logText());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** SIGKILL (kill -9): no shutdown hook runs; waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  static int freeTcpPort() {
    return freePort();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
