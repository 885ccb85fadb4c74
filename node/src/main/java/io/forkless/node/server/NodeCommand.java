package io.forkless.node.server;

import io.forkless.node.config.RpcAddress;
import io.forkless.node.config.RpcLimits;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code forkless node}: runs a node until SIGTERM or Ctrl-C, then stops cleanly and exits 0. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Forkless node: produces blocks, serves JSON-RPC, /metrics and /health, and watches"
          + " the plugins folder.",
      "Stop it with Ctrl-C or SIGTERM: the block in progress finishes, the store is flushed and the"
          + " next start resumes at the same head."
    })
public final class NodeCommand implements Callable<Integer> {

  @Mixin ChainOptions chain = new ChainOptions();

  @Option(
      names = "--rpc-addr",
      paramLabel = "HOST:PORT",
      description = "Where JSON-RPC, /metrics and /health listen. Default: 127.0.0.1:9944")
  @Nullable String rpcAddr;

  @Option(
      names = "--rpc-external",
      description =
          "Allow --rpc-addr to be a non-loopback address. The RPC has no authentication: put an"
              + " authenticating proxy or a firewall in front of it.")
  boolean rpcExternal;

  @Option(
      names = "--block-time",
      paramLabel = "MS",
      description = "Milliseconds between blocks. Default: 1000")
  @Nullable Long blockTimeMillis;

  @Override
  public Integer call() {
    NodeSettings settings =
        chain.resolve(
            Optional.ofNullable(rpcAddr).map(a -> RpcAddress.parse(a, "--rpc-addr")),
            blockTimeMillis == null ? OptionalLong.empty() : OptionalLong.of(blockTimeMillis));
    if (rpcExternal) {
      settings = settings.withRpcExposure(RpcLimits.Exposure.EXTERNAL_ALLOWED);
    }
    // A [cluster] table makes this node a validator of a network (#15).
    Optional<io.forkless.cluster.ClusterConfig> cluster =
        chain.config == null
            ? Optional.empty()
            : io.forkless.node.cluster.ClusterConfigToml.read(chain.config, settings.dataDir());
    if (cluster.isPresent() && settings.mode() == NodeSettings.Mode.DEV) {
      // A dev validator network's genesis names exactly its members (up to five dev validators).
      settings =
          settings.withValidators(io.forkless.node.cluster.DevNetworkGenesis.of(cluster.get()));
    }
    Node node = Node.start(settings, cluster);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  int exit = 0;
                  try {
                    node.close();
                  } catch (RuntimeException e) {
                    System.err.println("forkless: stopping failed: " + e.getMessage());
                    exit = 1;
                  }
                  stopped.countDown();
                  // A signal would otherwise end the JVM with 128+signal; a clean stop exits 0.
                  flushLogs();
                  Runtime.getRuntime().halt(exit);
                },
                "node-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.stop();
    }
  }
}
