package io.forkless.host;

import com.google.common.hash.HashCode;
import io.forkless.api.TransactionValidity;
import io.forkless.host.chain.BlockProducer;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.Mempool;
import io.forkless.host.chain.MempoolConfig;
import io.forkless.host.chain.ProducerConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.Governance;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.GovernanceException;
import io.forkless.host.governance.GovernedUpgrades;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarVerifier;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.host.upgrade.CodeRepository;
import io.forkless.host.upgrade.FolderCodeRepository;
import io.forkless.host.upgrade.ProductionControl;
import io.forkless.host.upgrade.RuntimeRegistry;
import io.forkless.host.upgrade.UpgradeCoordinator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Forkless host, assembled: the RocksDB store, the chain, the mempool, the block producer,
 * the runtime registry and upgrade coordinator, and governance as the chain's host-transaction
 * handler. This is what the node binary runs and what an embedder starts with.
 *
 * <pre>
 * ForklessHost host = ForklessHost.builder()
 *     .dataDir(Path.of("data"))
 *     .code(FolderCodeRepository.of(Path.of("plugins")))
 *     .trust(TrustAnchors.fromPkcs12(trustStore, password))
 *     .genesis(genesis)
 *     .validators(validators)
 *     .upgradeConfig(UpgradeConfig.fromToml(configFile))
 *     .build();
 * host.producer().startAsync();
 * </pre>
 *
 * <p>Thread-safe: transactions may be submitted from any thread while the producer runs.
 */
public final class ForklessHost implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ForklessHost.class);

  private final StateStore store;
  private final RuntimeRegistry registry;
  private final UpgradeCoordinator coordinator;
  private final Governance governance;
  private final GovernedUpgrades hooks;
  private final Chain chain;
  private final Mempool mempool;
  private final BlockProducer producer;
  private final MeterRegistry meters;

  private ForklessHost(Builder b) {
    this.meters = b.meters;
    this.store =
        b.store != null
            ? b.store
            : RocksStateStore.open(
                Objects.requireNonNull(b.dataDir, "dataDir or store"),
                StoreOptions.defaults().withMaxSnapshots(b.upgradeConfig.maxSnapshots() + 1));
    try {
      GenesisConfig genesis = Objects.requireNonNull(b.genesis, "genesis");
      JarVerifier verifier =
          JarVerifier.create(Objects.requireNonNull(b.trust, "trust"), ArchiveLimits.defaults());
      registry =
          new RuntimeRegistry(
              verifier,
              RuntimeLoader.create(),
              b.code,
              Instant.ofEpochMilli(genesis.timestampMillis()));
      LoadedRuntime genesisRuntime = genesisRuntime(genesis);
      ProducerSwitch production = new ProducerSwitch();
      coordinator =
          UpgradeCoordinator.builder(registry, genesisRuntime)
              .maxSnapshots(b.upgradeConfig.maxSnapshots())
              .production(production)
              .meters(meters)
              .build();
      governance =
          Governance.create(
              genesis.chainId(),
              Objects.requireNonNull(b.validators, "validators"),
              b.upgradeConfig);
      ChainHolder holder = new ChainHolder();
      hooks = new GovernedUpgrades(governance, coordinator, () -> holder.chain.state());
      chain = Chain.open(store, genesis, registry, hooks);
      holder.chain = chain;
      mempool =
          Mempool.create(
              b.mempoolConfig,
              chain::transactionIncluded,
              tx ->
                  tx.kind() == Transaction.Kind.RUNTIME
                      ? chain.validateRuntimeTransaction(tx.payload())
                      : TransactionValidity.unordered());
      producer = BlockProducer.create(chain, mempool, b.producerConfig);
      // While governance has paused the chain, only governance transactions are included (so that a
      // resume, cancel or rollback can still get in); users' transactions wait in the mempool.
      producer.admitOnly(
          tx -> tx.kind() == Transaction.Kind.HOST || !governance.isPaused(chain.state()));
      production.producer = producer;
      coordinator.attach(chain, mempool);
      log.info(
          "Forkless host ready: chain {} at height {}, runtime {} (code hash {}), state root {}",
          chain.chainId(),
          chain.head().height(),
          chain.activeRuntime().version(),
          chain.activeRuntime().codeHash(),
          chain.stateRoot());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private LoadedRuntime genesisRuntime(GenesisConfig genesis) {
    HashCode hash = genesis.runtimeCodeHash();
    Path jar =
        registry
            .find(hash)
            .orElseThrow(
                () ->
                    new ForklessException(
                        "the genesis runtime (code hash "
                            + hash
                            + ") is not in the plugins folder: put its JAR there"));
    return registry.loadRuntime(jar, hash, Instant.ofEpochMilli(genesis.timestampMillis()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How to assemble a host. */
  public static final class Builder {
    private @Nullable Path dataDir;
    private @Nullable StateStore store;
    private CodeRepository code = CodeRepository.NONE;
    private @Nullable TrustAnchors trust;
    private @Nullable GenesisConfig genesis;
    private @Nullable ValidatorSet validators;
    private UpgradeConfig upgradeConfig = UpgradeConfig.defaults();
    private MempoolConfig mempoolConfig = MempoolConfig.defaults();
    private ProducerConfig producerConfig = ProducerConfig.defaults();
    private MeterRegistry meters = new SimpleMeterRegistry();

    private Builder() {}

    /** A RocksDB data folder (created when missing). */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** An already open store instead of a data folder (tests: a memory store). */
    public Builder store(StateStore store) {
      this.store = store;
      return this;
    }

    /** Where approved JARs are found by code hash: usually the plugins folder. */
    public Builder code(CodeRepository repository) {
      this.code = repository;
      return this;
    }

    /** Shorthand for {@code code(FolderCodeRepository.of(folder))}. */
    public Builder pluginsFolder(Path folder) {
      return code(FolderCodeRepository.of(folder));
    }

    /** The certificates that runtime and plugin signers must chain to. */
    public Builder trust(TrustAnchors anchors) {
      this.trust = anchors;
      return this;
    }

    public Builder genesis(GenesisConfig genesis) {
      this.genesis = genesis;
      return this;
    }

    public Builder validators(ValidatorSet validators) {
      this.validators = validators;
      return this;
    }

    public Builder upgradeConfig(UpgradeConfig config) {
      this.upgradeConfig = config;
      return this;
    }

    public Builder mempool(MempoolConfig config) {
      this.mempoolConfig = config;
      return this;
    }

    public Builder producer(ProducerConfig config) {
      this.producerConfig = config;
      return this;
    }

    public Builder meters(MeterRegistry registry) {
      this.meters = registry;
      return this;
    }

    /**
     * Opens the store and the chain (creating genesis on first start) and loads the active runtime.
     *
     * @throws ForklessException naming what is wrong: a locked or foreign data folder, a genesis
     *     runtime missing from the plugins folder, a refused JAR
     */
    public ForklessHost build() {
      return new ForklessHost(this);
    }
  }

  public Chain chain() {
    return chain;
  }

  public Mempool mempool() {
    return mempool;
  }

  public BlockProducer producer() {
    return producer;
  }

  public UpgradeCoordinator coordinator() {
    return coordinator;
  }

  public Governance governance() {
    return governance;
  }

  public RuntimeRegistry registry() {
    return registry;
  }

  public StateStore store() {
    return store;
  }

  public MeterRegistry meters() {
    return meters;
  }

  /**
   * Queues a transaction for the next blocks.
   *
   * @throws io.forkless.host.chain.TransactionRejectedException saying why the mempool refused it
   */
  public HashCode submit(Transaction tx) {
    return mempool.submit(tx);
  }

  /**
   * Applies a signed emergency rollback: checks it against the committed state, rolls the last
   * executed upgrade back (restoring the pre-upgrade snapshot and requeueing reverted
   * transactions), then queues the rollback transaction first, so the next block records it on
   * chain.
   *
   * @return what the rollback did
   * @throws GovernanceException if the transaction is not a valid rollback of the last upgrade
   */
  public UpgradeCoordinator.Rollback rollback(SignedGovernanceTx tx) {
    if (!(tx.action() instanceof GovernanceAction.Emergency e)
        || e.kind() != GovernanceAction.EmergencyKind.ROLLBACK) {
      throw new GovernanceException("expected an emergency rollback transaction");
    }
    governance.checkEmergency(chain.state(), chain.head().height() + 1, tx);
    Optional<Long> lastUpgradeProposal =
        coordinator.history().reverse().stream()
            .filter(u -> u.status() == io.forkless.host.upgrade.UpgradeStatus.EXECUTED)
            .findFirst()
            .flatMap(io.forkless.host.upgrade.UpgradeRecord::proposalIdBoxed);
    if (!lastUpgradeProposal.equals(Optional.of(e.target()))) {
      throw new GovernanceException(
          "proposal "
              + e.target()
              + " is not the last executed upgrade of this node"
              + lastUpgradeProposal.map(id -> " (that is proposal " + id + ")").orElse(""));
    }
    UpgradeCoordinator.Rollback done = coordinator.rollbackUpgrade();
    mempool.requeueFront(List.of(Transaction.host(tx.encode())));
    return done;
  }

  /**
   * Why block production is paused, if it is: by the operator, for a migration, or by governance.
   */
  public Optional<String> pausedReason() {
    if (coordinator.pausedForMigration()) {
      return Optional.of("migration in progress");
    }
    if (governance.isPaused(chain.state())) {
      return Optional.of("paused by governance (emergency pause); user transactions wait");
    }
    if (producer.isPaused()) {
      return Optional.of("paused by the operator");
    }
    return Optional.empty();
  }

  /** The open (proposed or scheduled) upgrade proposal, if any. */
  public Optional<ProposalRecord> openProposal() {
    return governance.openProposal(chain.state());
  }

  /** Stops producing, then closes the store. Idempotent. */
  @Override
  public void close() {
    if (producer.isRunning()) {
      producer.stopAsync().awaitTerminated();
    }
    store.close();
  }

  /** Lets the coordinator pause the producer, which exists only after the chain is open. */
  private static final class ProducerSwitch implements ProductionControl {
    volatile @Nullable BlockProducer producer;

    @Override
    public void pause() {
      BlockProducer p = producer;
      if (p != null) {
        p.pause();
      }
    }

    @Override
    public void resume() {
      BlockProducer p = producer;
      if (p != null) {
        p.resume();
      }
    }
  }

  private static final class ChainHolder {
    volatile @Nullable Chain chain;
  }
}
