package io.forkless.node.config;

import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.ValidatorSet;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a node's TOML config file says; every setting is optional in the file (command-line options
 * and defaults fill the gaps). Immutable.
 *
 * @param dataDir {@code [node] data_dir}
 * @param pluginsDir {@code [node] plugins_dir}
 * @param blockTimeMillis {@code [node] block_time_ms}
 * @param trustStore {@code [node] trust_store} (a PKCS12 file)
 * @param trustStorePassword {@code [node] trust_store_password}
 * @param rpcAddr {@code [rpc] addr}, {@code host:port}
 * @param genesis the {@code [genesis]} table
 * @param upgrade the {@code [upgrade]} table, if present
 * @param rpcLimits {@code [rpc]} max_batch_calls, max_request_bytes, max_response_bytes,
 *     allow_external (defaults when absent)
 */
public record NodeConfig(
    Optional<Path> dataDir,
    Optional<Path> pluginsDir,
    OptionalLong blockTimeMillis,
    Optional<Path> trustStore,
    Optional<String> trustStorePassword,
    Optional<String> rpcAddr,
    Optional<Genesis> genesis,
    Optional<UpgradeConfig> upgrade,
    RpcLimits rpcLimits) {

  /** An empty config: every setting from options and defaults. */
  public static NodeConfig empty() {
    return new NodeConfig(
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        RpcLimits.defaults());
  }

  /**
   * The {@code [genesis]} table.
   *
   * @param config the chain's genesis block settings
   * @param validators the validators and their stake
   */
  public record Genesis(
      GenesisConfig config,
      ValidatorSet validators,
      java.util.Optional<io.forkless.host.metering.MeteringLimits> metering) {

    /** A genesis with the default metering limits. */
    public Genesis(GenesisConfig config, ValidatorSet validators) {
      this(config, validators, java.util.Optional.empty());
    }
  }
}
