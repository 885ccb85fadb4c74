package io.forkless.node.config;

import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.code.CodeParameters;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.migration.StepBudget;
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
 * @param validatorKeyFile {@code [validator] key_file}: the validator key this node files pre-check
 *     verdicts with (a hex Ed25519 seed, as {@code forkless keys validator} writes)
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
    RpcLimits rpcLimits,
    Optional<Path> validatorKeyFile) {

  /** A config without a {@code [validator]} table. */
  public NodeConfig(
      Optional<Path> dataDir,
      Optional<Path> pluginsDir,
      OptionalLong blockTimeMillis,
      Optional<Path> trustStore,
      Optional<String> trustStorePassword,
      Optional<String> rpcAddr,
      Optional<Genesis> genesis,
      Optional<UpgradeConfig> upgrade,
      RpcLimits rpcLimits) {
    this(
        dataDir,
        pluginsDir,
        blockTimeMillis,
        trustStore,
        trustStorePassword,
        rpcAddr,
        genesis,
        upgrade,
        rpcLimits,
        Optional.empty());
  }

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
   * @param metering {@code [genesis.metering]}, if present
   * @param code {@code [genesis.code]}, if present (code on chain and the pre-check, #14)
   * @param migration {@code [genesis.migration] keys_per_block}, if present: the multi-block
   *     migration budget (#16)
   */
  public record Genesis(
      GenesisConfig config,
      ValidatorSet validators,
      java.util.Optional<io.forkless.host.metering.MeteringLimits> metering,
      Optional<CodeParameters> code,
      Optional<StepBudget> migration) {

    /** A genesis with the default migration budget. */
    public Genesis(
        GenesisConfig config,
        ValidatorSet validators,
        java.util.Optional<io.forkless.host.metering.MeteringLimits> metering,
        Optional<CodeParameters> code) {
      this(config, validators, metering, code, Optional.empty());
    }

    /** A genesis with the default metering limits. */
    public Genesis(GenesisConfig config, ValidatorSet validators) {
      this(config, validators, java.util.Optional.empty());
    }

    /** A genesis with the default code parameters of a configured chain. */
    public Genesis(
        GenesisConfig config,
        ValidatorSet validators,
        java.util.Optional<io.forkless.host.metering.MeteringLimits> metering) {
      this(config, validators, metering, Optional.empty());
    }
  }
}
