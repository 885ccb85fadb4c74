package io.forkless.node.server;

import io.forkless.cluster.ClusterConfig;
import io.forkless.cluster.ClusterNode;
import io.forkless.host.ForklessException;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ProducerConfig;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarVerifier;
import io.forkless.node.cluster.NetworkView;
import io.forkless.node.dashboard.Dashboard;
import io.forkless.node.dashboard.MetricHelp;
import io.forkless.node.dev.DevBundle;
import io.forkless.node.rpc.RpcMethods;
import io.forkless.node.rpc.RpcServer;
import io.forkless.node.watch.PluginsWatcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the host producing blocks, the RPC server and the plugins-folder watcher. {@link
 * #start} brings them up in that order; {@link #close} stops them in reverse (the block in progress
 * finishes, then the store closes), so the next start resumes at the same head.
 *
 * <p>Thread-safe; {@link #close} is idempotent.
 */
public final class Node implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Node.class);

  /** How often the plugins folder is scanned. */
  static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

  /** Transactions in one block at most (single node and validator network alike). */
  static final int MAX_TXS_PER_BLOCK = 1000;

  private final NodeSettings settings;
  private final ForklessHost host;
  private final PrometheusMeterRegistry meters;
  private @Nullable Dashboard dashboard;
  private @Nullable RpcServer rpc;
  private @Nullable PluginsWatcher watcher;
  private @Nullable ClusterNode network;
  private boolean closed;

  private Node(NodeSettings settings, ForklessHost host, PrometheusMeterRegistry meters) {
    this.settings = settings;
    this.host = host;
    this.meters = meters;
  }

  /**
   * Opens the data folder, starts block production, the RPC server and the watcher.
   *
   * @throws ForklessException saying what is wrong and what to do: a locked data folder, an
   *     unreadable plugins folder, a port in use, a missing genesis runtime
   */
  public static Node start(NodeSettings settings) {
    return start(settings, Optional.empty());
  }

  /**
   * As {@link #start(NodeSettings)}; with {@code cluster}, as a validator of that network: blocks
   * come from the Raft log (this node proposes them while it leads) instead of the local producer.
   */
  public static Node start(NodeSettings given, Optional<ClusterConfig> cluster) {
    // A validator of a network attests with its own key only (#14), also on a dev network.
    NodeSettings settings =
        cluster
            .map(
                c ->
                    given.asValidator(
                        c.nodeId(),
                        c.validatorKey(),
                        c.peers().stream().map(ClusterConfig.Peer::id).toList()))
            .orElse(given);
    preparePluginsFolder(settings);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters.config().meterFilter(new MetricHelp());
    ForklessHost host =
        settings
            .hostBuilder()
            .producer(
                new ProducerConfig(settings.blockTime(), MAX_TXS_PER_BLOCK, Clock.systemUTC()))
            .meters(meters)
            .build();
    Node node = new Node(settings, host, meters);
    try {
      node.registerChainMeters();
      if (cluster.isPresent()) {
        node.network =
            ClusterNode.start(
                host,
                cluster.get(),
                settings.validators(),
                settings.blockTime(),
                MAX_TXS_PER_BLOCK);
        NetworkView.registerMeters(node.network, host, meters);
      }
      ClusterNode network = node.network;
      node.watcher =
          PluginsWatcher.start(
              settings.pluginsDir(),
              JarVerifier.create(settings.trust(), ArchiveLimits.defaults()),
              host,
              WATCH_INTERVAL);
      Dashboard dashboard =
          Dashboard.start(
              host,
              meters,
              settings.blockTime(),
              settings.mode() == NodeSettings.Mode.DEV,
              NetworkView.of(network, host));
      node.dashboard = dashboard;
      node.rpc =
          RpcServer.start(
              settings.rpc(),
              settings.rpcLimits(),
              new RpcMethods(
                  host,
                  settings.mode(),
                  withCodeMethods(host, dashboard.rpcMethods()),
                  NetworkView.of(network, host)),
              meters,
              dashboard::install);
      if (network == null) {
        host.producer().startAsync().awaitRunning();
      }
      List<String> attesting = host.prechecker().validators();
      if (!attesting.isEmpty()) {
        log.info("files pre-check verdicts as validator {}", String.join(", ", attesting));
      }
      log.info(
          "node running{}{}: chain {}, head {}, runtime {}; dashboard on http://{}/, data {},"
              + " plugins {}",
          settings.mode() == NodeSettings.Mode.DEV ? " in DEV mode" : "",
          network == null ? "" : " as validator " + network.config().nodeId(),
          host.chain().chainId(),
          host.chain().head().height(),
          host.chain().activeRuntime().version(),
          node.rpc.address(),
          settings.dataDir().toAbsolutePath(),
          settings.pluginsDir().toAbsolutePath());
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private static java.util.Map<String, io.forkless.node.rpc.ReadMethod> withCodeMethods(
      ForklessHost host, java.util.Map<String, io.forkless.node.rpc.ReadMethod> others) {
    java.util.Map<String, io.forkless.node.rpc.ReadMethod> all = new java.util.HashMap<>(others);
    all.putAll(io.forkless.node.rpc.CodeMethods.of(host));
    return all;
  }

  private static void preparePluginsFolder(NodeSettings settings) {
    Path folder = settings.pluginsDir();
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new ForklessException(
          "plugins folder "
              + folder.toAbsolutePath()
              + " is a file, not a folder: pass --plugins-dir with a folder");
    }
    if (settings.mode() == NodeSettings.Mode.DEV && DevBundle.fillEmptyPluginsFolder(folder)) {
      log.info("copied the dev sample JARs into the empty plugins folder {}", folder);
    }
    if (!Files.isDirectory(folder)) {
      // Optional since code lives on chain (#14): a drop-in source of JARs the node offers for
      // upload. Created empty so that the watcher has a folder to watch.
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new ForklessException(
            "cannot create the plugins folder " + folder.toAbsolutePath() + ": " + e, e);
      }
    }
    try (Stream<Path> entries = Files.list(folder)) {
      entries.count();
    } catch (IOException e) {
      throw new ForklessException(
          "plugins folder "
              + folder.toAbsolutePath()
              + " is not readable ("
              + e.getMessage()
              + "): fix its permissions, or pass --plugins-dir",
          e);
    }
  }

  private void registerChainMeters() {
    Chain chain = host.chain();
    Gauge.builder("forkless.chain.height", chain, c -> c.head().height())
        .description("height of the head block")
        .register(meters);
    Gauge.builder("forkless.block.time", chain, Node::lastBlockSeconds)
        .description("seconds between the head block's timestamp and its parent's")
        .baseUnit("seconds")
        .register(meters);
    Gauge.builder("forkless.block.time.target", settings, s -> s.blockTime().toMillis() / 1000.0)
        .description("the configured block time")
        .baseUnit("seconds")
        .register(meters);
    Gauge.builder("forkless.mempool.size", host.mempool(), m -> m.size())
        .description("pending transactions")
        .register(meters);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "forkless.mempool.dropped", host.mempool(), m -> m.droppedCount())
        .description(
            "accepted transactions that left the mempool without a block (invalid after a block,"
                + " evicted);"
                + " forkless_transaction says why for each")
        .register(meters);
    Gauge.builder(
            "forkless.production.halted",
            host.producer(),
            p -> p.haltedReason().isPresent() ? 1 : 0)
        .description("1 while block production is halted or failing (see /health and the log)")
        .register(meters);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "forkless.production.failures", host.producer(), p -> p.failureCount())
        .description("block attempts that failed with an unexpected error (each one is retried)")
        .register(meters);
  }

  private static double lastBlockSeconds(Chain chain) {
    Block head = chain.head();
    if (head.height() == 0) {
      return 0;
    }
    return chain
        .block(head.height() - 1)
        .map(p -> (head.header().timestampMillis() - p.header().timestampMillis()) / 1000.0)
        .orElse(0.0);
  }

  /** The assembled host. */
  public ForklessHost host() {
    return host;
  }

  /** The settings this node runs with. */
  public NodeSettings settings() {
    return settings;
  }

  /** Where the RPC server really listens (the port is resolved when 0 was asked). */
  public synchronized String rpcAddress() {
    return rpc == null ? settings.rpc().toString() : rpc.address();
  }

  /** Stops the RPC server, the watcher and block production, then closes the store. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("stopping at height {}", host.chain().head().height());
    if (rpc != null) {
      rpc.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (watcher != null) {
      watcher.close();
    }
    if (network != null) {
      network.close();
    }
    long head = host.chain().head().height();
    host.close();
    log.info("stopped cleanly at height {}", head);
  }
}
