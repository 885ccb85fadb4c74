package io.forkless.node.server;

import io.forkless.host.ForklessException;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.code.CodeParameters;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.migration.StepBudget;
import io.forkless.node.config.CodeConfigToml;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.config.RpcLimits;
import io.forkless.node.dev.DevBundle;
import io.forkless.node.dev.DevChain;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything a node needs to start, resolved from command-line options, the config file and the
 * defaults (options win over the file). Immutable.
 *
 * @param mode dev chain or a configured one
 * @param dataDir the node's folder; the state store lives in {@code dataDir/state}
 * @param pluginsDir the plugins folder (default {@code dataDir/plugins})
 * @param rpc where JSON-RPC, /metrics and /health listen
 * @param rpcLimits batch, body and exposure limits of the RPC
 * @param blockTime delay between blocks
 * @param genesis the chain's genesis
 * @param validators the validators and their stake
 * @param upgrade the {@code [upgrade]} settings
 * @param trust the certificates runtime and plugin signers must chain to
 * @param metering the genesis metering limits ({@code [genesis.metering]}); empty: the defaults
 * @param code the code parameters a new chain records at genesis ({@code [genesis.code]}; the dev
 *     chain's, or a configured chain's defaults with the pre-check required)
 * @param validatorKeys the validator keys this node files pre-check verdicts with ({@code
 *     [validator] key_file}, or a {@code [cluster]} node's own key); empty: a dev node attests with
 *     every dev key, any other node files none
 * @param migrationBudget the genesis multi-block migration budget ({@code [genesis.migration]
 *     keys_per_block}); empty: the default (5,000 keys per block)
 */
public record NodeSettings(
    Mode mode,
    Path dataDir,
    Path pluginsDir,
    RpcAddress rpc,
    RpcLimits rpcLimits,
    Duration blockTime,
    GenesisConfig genesis,
    ValidatorSet validators,
    UpgradeConfig upgrade,
    TrustAnchors trust,
    Optional<MeteringLimits> metering,
    CodeParameters code,
    List<NamedKey> validatorKeys,
    Optional<StepBudget> migrationBudget) {

  public NodeSettings {
    validatorKeys = List.copyOf(validatorKeys);
  }

  /** Settings with the default genesis migration budget. */
  public NodeSettings(
      Mode mode,
      Path dataDir,
      Path pluginsDir,
      RpcAddress rpc,
      RpcLimits rpcLimits,
      Duration blockTime,
      GenesisConfig genesis,
      ValidatorSet validators,
      UpgradeConfig upgrade,
      TrustAnchors trust,
      Optional<MeteringLimits> metering,
      CodeParameters code,
      List<NamedKey> validatorKeys) {
    this(
        mode,
        dataDir,
        pluginsDir,
        rpc,
        rpcLimits,
        blockTime,
        genesis,
        validators,
        upgrade,
        trust,
        metering,
        code,
        validatorKeys,
        Optional.empty());
  }

  /** Settings with the default genesis metering limits. */
  public NodeSettings(
      Mode mode,
      Path dataDir,
      Path pluginsDir,
      RpcAddress rpc,
      RpcLimits rpcLimits,
      Duration blockTime,
      GenesisConfig genesis,
      ValidatorSet validators,
      UpgradeConfig upgrade,
      TrustAnchors trust) {
    this(
        mode,
        dataDir,
        pluginsDir,
        rpc,
        rpcLimits,
        blockTime,
        genesis,
        validators,
        upgrade,
        trust,
        Optional.empty(),
        mode == Mode.DEV ? DevChain.codeParameters() : CodeConfigToml.configuredDefaults(),
        List.of());
  }

  /** Which chain a node runs. */
  public enum Mode {
    /** {@code --dev}: the dev chain, dev keys and the dev trust store. */
    DEV,
    /** A chain from the config file's {@code [genesis]}; dev keys and the dev CA are refused. */
    CONFIGURED
  }

  /** Default data folder (relative to the working folder). */
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  /** Default block time. */
  public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(1);

  /** The command-line options, each absent when not given. */
  public record Options(
      Mode mode,
      Optional<Path> dataDir,
      Optional<Path> pluginsDir,
      Optional<RpcAddress> rpc,
      OptionalLong blockTimeMillis,
      Optional<Path> configFile) {}

  /** These settings with another RPC exposure (e.g. {@code --rpc-external}). */
  public NodeSettings withRpcExposure(RpcLimits.Exposure exposure) {
    return new NodeSettings(
        mode,
        dataDir,
        pluginsDir,
        rpc,
        rpcLimits.withExposure(exposure),
        blockTime,
        genesis,
        validators,
        upgrade,
        trust,
        metering,
        code,
        validatorKeys,
        migrationBudget);
  }

  /** The state store's folder inside the data folder. */
  public Path stateDir() {
    return dataDir.resolve("state");
  }

  /**
   * Resolves the settings.
   *
   * @throws ForklessException saying what is missing or refused (e.g. a dev key outside dev mode)
   */
  public static NodeSettings resolve(Options options, NodeConfig config) {
    String source = options.configFile().map(f -> "config " + f).orElse("the configuration");
    Path dataDir = options.dataDir().or(config::dataDir).orElse(DEFAULT_DATA_DIR);
    // Not ./plugins: in a source checkout that is the Maven modules' folder (docs/operators.md).
    Path pluginsDir =
        options.pluginsDir().or(config::pluginsDir).orElse(dataDir.resolve("plugins"));
    RpcAddress rpc =
        options
            .rpc()
            .or(() -> config.rpcAddr().map(a -> RpcAddress.parse(a, source + ": rpc.addr")))
            .orElse(RpcAddress.DEFAULT);
    long blockMillis =
        options.blockTimeMillis().isPresent()
            ? options.blockTimeMillis().getAsLong()
            : config.blockTimeMillis().orElse(DEFAULT_BLOCK_TIME.toMillis());
    if (blockMillis < 1) {
      throw new ForklessException("--block-time must be at least 1 ms but was " + blockMillis);
    }
    if (options.mode() == Mode.DEV) {
      if (config.genesis().isPresent() || config.trustStore().isPresent()) {
        throw new ForklessException(
            source
                + " sets [genesis] or node.trust_store, but --dev uses the dev genesis and the dev"
                + " trust store: drop --dev, or remove those keys");
      }
      return new NodeSettings(
          Mode.DEV,
          dataDir,
          pluginsDir,
          rpc,
          config.rpcLimits(),
          Duration.ofMillis(blockMillis),
          DevBundle.genesis(),
          DevChain.validators(),
          config.upgrade().orElse(DevChain.upgradeConfig()),
          DevBundle.trustAnchors(),
          Optional.empty(),
          DevChain.codeParameters(),
          ValidatorKeys.fromFile(config.validatorKeyFile(), DevChain.validators(), source));
    }
    NodeConfig.Genesis genesis =
        config
            .genesis()
            .orElseThrow(
                () ->
                    new ForklessException(
                        "no chain to run: pass --dev for a development chain, or --config FILE"
                            + " with a [genesis] table (see forkless.example.toml)"));
    for (Validator v : genesis.validators().all().values()) {
      if (DevChain.isDevKey(v.publicKey())) {
        throw new ForklessException(
            source
                + ": validator '"
                + v.name()
                + "' has a DEV key (publicly derivable): generate a real key, or use --dev");
      }
    }
    Path trustStore =
        config
            .trustStore()
            .orElseThrow(
                () ->
                    new ForklessException(source + ": node.trust_store is required without --dev"));
    String password =
        config
            .trustStorePassword()
            .orElseThrow(
                () ->
                    new ForklessException(
                        source + ": node.trust_store_password is required with node.trust_store"));
    TrustAnchors trust;
    try {
      trust = TrustAnchors.fromPkcs12(trustStore, password.toCharArray());
    } catch (IllegalArgumentException e) {
      throw new ForklessException(source + ": node.trust_store: " + e.getMessage(), e);
    }
    if (DevBundle.trustsDevCa(trust)) {
      throw new ForklessException(
          source
              + ": trust store "
              + trustStore
              + " trusts the DEVELOPMENT CA, whose key is public: use your own trust store, or"
              + " --dev");
    }
    return new NodeSettings(
        Mode.CONFIGURED,
        dataDir,
        pluginsDir,
        rpc,
        config.rpcLimits(),
        Duration.ofMillis(blockMillis),
        genesis.config(),
        genesis.validators(),
        config.upgrade().orElse(UpgradeConfig.defaults()),
        trust,
        genesis.metering(),
        genesis.code().orElse(CodeConfigToml.configuredDefaults()),
        ValidatorKeys.fromFile(config.validatorKeyFile(), genesis.validators(), source),
        genesis.migration());
  }

  /** These settings with {@code trust} in place of their trust anchors (--dev --trust-store). */
  public NodeSettings withTrust(TrustAnchors trust) {
    return with(trust, validators, validatorKeys);
  }

  /**
   * These settings with another genesis validator set (a dev validator network names exactly its
   * members: {@link io.forkless.node.cluster.DevNetworkGenesis}).
   */
  public NodeSettings withValidators(ValidatorSet validators) {
    return with(trust, validators, validatorKeys);
  }

  /**
   * A host builder set to these settings' folders, trust, genesis, validators and upgrade rules.
   */
  public io.forkless.host.ForklessHost.Builder hostBuilder() {
    io.forkless.host.ForklessHost.Builder b =
        io.forkless.host.ForklessHost.builder()
            .dataDir(stateDir())
            .pluginsFolder(pluginsDir())
            .codeCache(codeCacheDir())
            .trust(trust())
            .genesis(genesis())
            .validators(validators())
            .upgradeConfig(upgrade());
    metering.ifPresent(b::metering);
    migrationBudget.ifPresent(b::migrationBudget);
    b.codeParameters(code);
    if (mode == Mode.DEV) {
      // The dev genesis runtime is bundled: a dev node needs no plugins folder to create its chain.
      b.genesisCode(DevBundle.sampleJar(DevBundle.GENESIS_RUNTIME));
    }
    b.attestWith(attestKeys());
    return b;
  }

  /**
   * The validator keys this node files pre-check verdicts with: its own validator key when it has
   * one ({@code [validator] key_file}, a {@code [cluster]} node's key); otherwise a dev node holds
   * every dev validator key and attests for all of them (the quick start needs no step); any other
   * node files none (its validators use {@code forkless attest}).
   */
  public List<NamedKey> attestKeys() {
    if (!validatorKeys.isEmpty()) {
      return validatorKeys;
    }
    if (mode != Mode.DEV) {
      return List.of();
    }
    List<NamedKey> keys = new ArrayList<>();
    // Its genesis validators: the four of --dev, or a dev network's members (#15).
    for (String name : validators.all().keySet()) {
      keys.add(new NamedKey(name, DevChain.devKey(name).getPrivate()));
    }
    return keys;
  }

  /**
   * These settings for validator {@code name} of a network whose validators run {@code peers}
   * (their names, in the configured order), holding {@code key}: it attests with that key alone, so
   * N validators file N verdicts, not one per key each node could hold. On the dev chain, the dev
   * validators that run no node in the network are attested by the first peer alone (their keys are
   * public; so a devnet of fewer than four validators still reaches the pre-check threshold).
   *
   * @throws ForklessException when {@code [validator] key_file} names another validator's key
   */
  public NodeSettings asValidator(String name, KeyPair key, List<String> peers) {
    for (NamedKey configured : validatorKeys) {
      if (!configured.validator().equals(name)) {
        throw new ForklessException(
            "[validator] key_file is validator "
                + configured.validator()
                + "'s key but [cluster] node_id is "
                + name
                + ": a validator node attests with its own key; drop [validator] or make them"
                + " agree");
      }
    }
    List<NamedKey> keys = new ArrayList<>(List.of(new NamedKey(name, key.getPrivate())));
    if (mode == Mode.DEV && !peers.isEmpty() && peers.get(0).equals(name)) {
      for (String other : validators.all().keySet()) {
        if (!peers.contains(other)) {
          keys.add(new NamedKey(other, DevChain.devKey(other).getPrivate()));
        }
      }
    }
    return with(trust, validators, keys);
  }

  /** These settings with these trust anchors, genesis validators and attesting keys. */
  private NodeSettings with(
      TrustAnchors trust, ValidatorSet validators, List<NamedKey> validatorKeys) {
    return new NodeSettings(
        mode,
        dataDir,
        pluginsDir,
        rpc,
        rpcLimits,
        blockTime,
        genesis,
        validators,
        upgrade,
        trust,
        metering,
        code,
        validatorKeys,
        migrationBudget);
  }

  /** Where code read from the chain is kept as files for the loader. */
  public Path codeCacheDir() {
    return dataDir.resolve("code-cache");
  }
}
