package io.forkless.node.server;

import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.NodeConfigFile;
import io.forkless.node.config.RpcAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options that say which chain and folders a command works on, shared (as a picocli mixin) by
 * {@code forkless node} and {@code forkless import-blocks}.
 */
public final class ChainOptions {

  @Option(
      names = "--dev",
      description =
          "The DEVELOPMENT chain: dev genesis with the 1.0.0 runtime, validators alice, bob,"
              + " charlie, dave with public dev keys, short voting period and timelock, the dev"
              + " trust store; fills an empty plugins folder with the sample JARs.")
  boolean dev;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The node's folder (state in DIR/state). Default: ./data")
  @Nullable Path dataDir;

  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      description =
          "Where runtime and migration-plugin JARs are found. Default: DATA_DIR/plugins (not"
              + " ./plugins: see docs/operators.md)")
  @Nullable Path pluginsDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A TOML config file (see forkless.example.toml). Options override it.")
  @Nullable Path config;

  /**
   * The settings from these options, the config file they name, and the node-only options given.
   */
  public NodeSettings resolve(Optional<RpcAddress> rpcAddr, OptionalLong blockTimeMillis) {
    NodeConfig file = config == null ? NodeConfig.empty() : NodeConfigFile.read(config);
    return NodeSettings.resolve(
        new NodeSettings.Options(
            dev ? NodeSettings.Mode.DEV : NodeSettings.Mode.CONFIGURED,
            Optional.ofNullable(dataDir),
            Optional.ofNullable(pluginsDir),
            rpcAddr,
            blockTimeMillis,
            Optional.ofNullable(config)),
        file);
  }
}
