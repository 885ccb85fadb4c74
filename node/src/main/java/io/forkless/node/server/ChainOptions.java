package io.forkless.node.server;

import io.forkless.host.ForklessException;
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
 *
 * <p>{@code --dev --trust-store FILE} adds FILE's certificates to the dev chain's trust (the
 * DEVELOPMENT CA), so JARs signed with a developer's own key can be tried on a dev chain before a
 * real network exists ({@link TrustStoreOption}).
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
      names = "--trust-store",
      paramLabel = "FILE",
      description =
          "A PKCS12 trust store (e.g. from `forkless keys signing`). With --dev the node trusts its"
              + " certificates in addition to the DEVELOPMENT CA, to try production-signed JARs on"
              + " a dev chain; without --dev it is the node's trust store (overrides"
              + " node.trust_store).")
  @Nullable Path trustStore;

  @Option(
      names = "--trust-store-password",
      paramLabel = "PASSWORD",
      description = "The --trust-store's password.")
  @Nullable String trustStorePassword;

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
    Optional<TrustStoreOption> extra = trustStoreOption();
    if (extra.isPresent() && !dev) {
      file = extra.get().replacing(file);
    }
    NodeSettings settings =
        NodeSettings.resolve(
            new NodeSettings.Options(
                dev ? NodeSettings.Mode.DEV : NodeSettings.Mode.CONFIGURED,
                Optional.ofNullable(dataDir),
                Optional.ofNullable(pluginsDir),
                rpcAddr,
                blockTimeMillis,
                Optional.ofNullable(config)),
            file);
    return dev && extra.isPresent() ? extra.get().addedTo(settings) : settings;
  }

  private Optional<TrustStoreOption> trustStoreOption() {
    Path store = trustStore;
    String password = trustStorePassword;
    if (store == null && password == null) {
      return Optional.empty();
    }
    if (store == null) {
      throw new ForklessException("--trust-store-password needs --trust-store FILE");
    }
    if (password == null) {
      throw new ForklessException(
          "--trust-store " + store + " needs --trust-store-password (the store's password)");
    }
    return Optional.of(new TrustStoreOption(store, password));
  }
}
