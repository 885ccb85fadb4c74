package io.forkless.node.cluster;

import com.google.common.hash.Hashing;
import io.forkless.host.ForklessException;
import io.forkless.node.Forkless;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code forkless devnet}: a local validator network of the dev chain, one child process per
 * validator on loopback, until Ctrl-C stops them all.
 */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local validator network of the DEVELOPMENT chain: N validator processes (the dev"
          + " validators alice, bob, charlie, dave, eve, in that order) on 127.0.0.1, node N in"
          + " DIR/node-N (its log in DIR/node-N/node.log), JSON-RPC on port P+N-1, Raft on port"
          + " P+100+N-1. The network's genesis names exactly these N validators (stakes 40, 30,"
          + " 20, 10, 10).",
      "Ctrl-C stops every validator cleanly; the next run resumes the same chain."
    })
public final class DevnetCommand implements Callable<Integer> {

  /** The dev validators in the order devnet uses them. */
  static final List<String> NAMES = List.copyOf(DevChain.NETWORK_STAKES.keySet());

  /** Raft ports are the RPC ports plus this. */
  public static final int RAFT_PORT_OFFSET = 100;

  @Option(
      names = "--validators",
      paramLabel = "N",
      description = "How many validators (1 to 5). Default: 3")
  int validators = 3;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "The devnet's folder (one node-N folder per validator). Default: ./devnet")
  Path dir = Path.of("devnet");

  @Option(
      names = "--base-port",
      paramLabel = "P",
      description = "Node N's JSON-RPC port is P+N-1 and its Raft port P+100+N-1. Default: 9944")
  int basePort = 9944;

  @Option(
      names = "--block-time",
      paramLabel = "MS",
      description = "Milliseconds between blocks. Default: 1000")
  @Nullable Long blockTimeMillis;

  @Option(
      names = "--voting-period",
      paramLabel = "BLOCKS",
      description =
          "The dev chain's voting period in blocks (default 20), e.g. longer on a slow machine where"
              + " votes sent from the CLI arrive late; the other [upgrade] rules stay the dev"
              + " chain's.")
  @Nullable Long votingPeriod;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (validators < 1 || validators > NAMES.size()) {
      throw new ForklessException(
          "--validators must be 1 to "
              + NAMES.size()
              + " (the dev validators "
              + NAMES
              + ") but was "
              + validators);
    }
    if (basePort < 1 || basePort + RAFT_PORT_OFFSET + validators - 1 > 65535) {
      throw new ForklessException(
          "--base-port must leave room for "
              + validators
              + " RPC ports and Raft ports "
              + RAFT_PORT_OFFSET
              + " above, but was "
              + basePort);
    }
    if (votingPeriod != null && votingPeriod < 1) {
      throw new ForklessException(
          "--voting-period must be at least 1 block but was " + votingPeriod);
    }
    List<Path> configs = writeConfigs(dir, validators, basePort, upgradeTable(votingPeriod));
    List<Process> children = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopAll(children);
                  stopped.countDown();
                },
                "devnet-shutdown"));
    for (int i = 1; i <= validators; i++) {
      Path folder = dir.resolve("node-" + i);
      List<String> command = new ArrayList<>(javaCommand());
      command.addAll(List.of("node", "--dev", "--config", configs.get(i - 1).toString()));
      if (blockTimeMillis != null) {
        command.addAll(List.of("--block-time", blockTimeMillis.toString()));
      }
      Path logFile = folder.resolve("node.log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      synchronized (children) {
        children.add(p);
      }
      System.out.printf(
          "validator %s: RPC http://127.0.0.1:%d/ Raft 127.0.0.1:%d, data %s, log %s (pid %d)%n",
          NAMES.get(i - 1),
          basePort + i - 1,
          basePort + RAFT_PORT_OFFSET + i - 1,
          folder,
          logFile,
          p.pid());
    }
    System.out.println(
        "devnet of "
            + validators
            + " validators running; try: bin/forkless status --rpc 127.0.0.1:"
            + basePort
            + " ; Ctrl-C stops them all");
    stopped.await();
    return 0;
  }

  /**
   * Writes DIR/node-N/validator.toml and its dev validator key for each of {@code n} validators,
   * node N listening for JSON-RPC on {@code basePort+N-1} and for Raft on {@code
   * basePort+RAFT_PORT_OFFSET+N-1}.
   */
  static List<Path> writeConfigs(Path dir, int n, int basePort) throws IOException {
    return writeConfigs(dir, n, basePort, "");
  }

  /** As above, with {@code tables} (TOML, e.g. an {@code [upgrade]} table) after {@code [rpc]}. */
  static List<Path> writeConfigs(Path dir, int n, int basePort, String tables) throws IOException {
    List<Integer> rpc = new ArrayList<>();
    List<Integer> raft = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rpc.add(basePort + i);
      raft.add(basePort + RAFT_PORT_OFFSET + i);
    }
    return writeConfigs(dir, rpc, raft, "", tables);
  }

  /**
   * The {@code [upgrade]} table of the dev chain's rules with another voting period; empty (the dev
   * rules) when {@code votingPeriod} is null.
   */
  static String upgradeTable(@Nullable Long votingPeriod) {
    if (votingPeriod == null) {
      return "";
    }
    var dev = DevChain.upgradeConfig();
    return "[upgrade]\ntimelock_delay = "
        + dev.timelockDelay()
        + "\nmax_snapshots = "
        + dev.maxSnapshots()
        + "\nquorum_threshold = "
        + dev.quorumThreshold()
        + "\napproval_threshold = "
        + dev.approvalThreshold()
        + "\nvoting_period = "
        + votingPeriod
        + "\n\n";
  }

  /**
   * Writes DIR/node-N/validator.toml and DIR/node-N/validator.key for validators 1..size, node N
   * (the N-th dev validator) with JSON-RPC on {@code rpcPorts[N-1]} and Raft on {@code
   * raftPorts[N-1]}, all on 127.0.0.1.
   */
  public static List<Path> writeConfigs(Path dir, List<Integer> rpcPorts, List<Integer> raftPorts)
      throws IOException {
    return writeConfigs(dir, rpcPorts, raftPorts, "");
  }

  /** As above, with {@code extraClusterKeys} (TOML lines) added to each {@code [cluster]}. */
  public static List<Path> writeConfigs(
      Path dir, List<Integer> rpcPorts, List<Integer> raftPorts, String extraClusterKeys)
      throws IOException {
    return writeConfigs(dir, rpcPorts, raftPorts, extraClusterKeys, "");
  }

  private static List<Path> writeConfigs(
      Path dir,
      List<Integer> rpcPorts,
      List<Integer> raftPorts,
      String extraClusterKeys,
      String tables)
      throws IOException {
    int n = raftPorts.size();
    StringBuilder peers = new StringBuilder("peers = [\n");
    for (int i = 1; i <= n; i++) {
      peers.append(
          String.format(
              "  { id = \"%s\", address = \"127.0.0.1:%d\" },%n",
              NAMES.get(i - 1), raftPorts.get(i - 1)));
    }
    peers.append("]\n");
    List<Path> configs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String name = NAMES.get(i - 1);
      Path folder = dir.resolve("node-" + i);
      Files.createDirectories(folder);
      Path key = folder.resolve("validator.key");
      Files.writeString(key, devSeedHex(name) + "\n", StandardCharsets.US_ASCII);
      Path config = folder.resolve("validator.toml");
      Files.writeString(
          config,
          "# Written by forkless devnet: validator "
              + name
              + " of a "
              + n
              + "-validator dev network.\n"
              + "[node]\ndata_dir = \".\"\n\n[rpc]\naddr = \"127.0.0.1:"
              + rpcPorts.get(i - 1)
              + "\"\n\n"
              + tables
              + "[cluster]\nnode_id = \""
              + name
              + "\"\nvalidator_key_file = \"validator.key\"\n"
              + extraClusterKeys
              + peers,
          StandardCharsets.UTF_8);
      configs.add(config);
    }
    return configs;
  }

  /** The hex seed of a dev validator's key (public: see {@link DevChain#devKey}). */
  static String devSeedHex(String name) {
    return Hashing.sha256()
        .hashString("forkless-dev-validator:" + name, StandardCharsets.UTF_8)
        .toString();
  }

  private static List<String> javaCommand() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path jar;
    try {
      jar = Path.of(Forkless.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new ForklessException("cannot locate the forkless JAR: " + e.getMessage(), e);
    }
    if (Files.isDirectory(jar)) {
      throw new ForklessException(
          "forkless devnet runs validators from the packaged forkless.jar: run bin/forkless"
              + " devnet");
    }
    return List.of(java, "-jar", jar.toString());
  }

  private static void stopAll(List<Process> children) {
    List<Process> all;
    synchronized (children) {
      all = List.copyOf(children);
    }
    all.forEach(Process::destroy);
    for (Process p : all) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    System.out.println("devnet stopped");
  }
}
