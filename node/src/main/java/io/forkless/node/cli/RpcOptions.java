package io.forkless.node.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every client command shares: the node to talk to and the output format. */
public final class RpcOptions {

  /** The node's default JSON-RPC address (loopback). */
  public static final String DEFAULT_RPC = "http://127.0.0.1:9944";

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      defaultValue = DEFAULT_RPC,
      description = "The node's JSON-RPC URL (default: ${DEFAULT-VALUE}).")
  String rpc = DEFAULT_RPC;

  @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "How long to wait for a submitted transaction to be included (default: 60).")
  long timeoutSeconds = 60;

  RpcClient client() {
    return RpcClient.of(rpc);
  }

  Duration timeout() {
    if (timeoutSeconds <= 0) {
      throw new CliException("--timeout must be positive but was " + timeoutSeconds);
    }
    return Duration.ofSeconds(timeoutSeconds);
  }
}
