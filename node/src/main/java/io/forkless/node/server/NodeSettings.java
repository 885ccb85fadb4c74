package io.forkless.node.server;

import io.forkless.host.ForklessException;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.config.RpcLimits;
import io.forkless.node.dev.DevBundle;
import io.forkless.node.dev.DevChain;
import java.nio.file.Path;
import java.time.Duration;
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
    Optional<MeteringLimits> metering) {

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
        Optional.empty());
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
        metering);
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
          DevBundle.trustAnchors());
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
        genesis.metering());
  }

  /** These settings with {@code trust} in place of their trust anchors (--dev --trust-store). */
  public NodeSettings withTrust(TrustAnchors trust) {
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
        metering);
  }

  /**
   * These settings with another genesis validator set (a dev validator network names exactly its
   * members: {@link io.forkless.node.cluster.DevNetworkGenesis}).
   */
  public NodeSettings withValidators(ValidatorSet validators) {
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
        metering);
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
    if (mode == Mode.DEV) {
      // The dev genesis runtime is bundled: a dev node needs no plugins folder to create its chain.
      b.genesisCode(DevBundle.sampleJar(DevBundle.GENESIS_RUNTIME));
      // A dev chain requires validators' pre-checks before an activation, and the dev node holds
      // every dev validator key, so it attests for all of them (the quick start needs no step).
      b.codeParameters(DevChain.codeParameters());
      java.util.List<io.forkless.host.governance.SignedGovernanceTx.NamedKey> keys =
          new java.util.ArrayList<>();
      // (Its genesis validators: the four of --dev, or a dev network's members, #15.)
      for (String name : validators.all().keySet()) {
        keys.add(
            new io.forkless.host.governance.SignedGovernanceTx.NamedKey(
                name, DevChain.devKey(name).getPrivate()));
      }
      b.attestWith(keys);
    }
    return b;
  }

  /** Where code read from the chain is kept as files for the loader. */
  public Path codeCacheDir() {
    return dataDir.resolve("code-cache");
  }
}
