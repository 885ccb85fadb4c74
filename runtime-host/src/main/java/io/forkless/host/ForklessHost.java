package io.forkless.host;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.StateView;
import io.forkless.host.chain.BlockProducer;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.Mempool;
import io.forkless.host.chain.MempoolConfig;
import io.forkless.host.chain.ProducerConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.code.CodeOffer;
import io.forkless.host.code.CodeParameters;
import io.forkless.host.code.CodeStore;
import io.forkless.host.code.OnChainCode;
import io.forkless.host.governance.Governance;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.GovernanceException;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarVerifier;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.host.upgrade.CodeInBlocks;
import io.forkless.host.upgrade.CodeRepository;
import io.forkless.host.upgrade.FolderCodeRepository;
import io.forkless.host.upgrade.GovernedUpgrades;
import io.forkless.host.upgrade.Prechecker;
import io.forkless.host.upgrade.RuntimeRegistry;
import io.forkless.host.upgrade.UpgradeCoordinator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *     .upgradeConfig(UpgradeConfigToml.fromToml(configFile))   // io.forkless.node.config
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
  private final OnChainCode onChainCode;
  private final Prechecker prechecker;
  private @Nullable Path temporaryCodeCache;

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
      CodeStore codeStore = new CodeStore();
      onChainCode = new OnChainCode(codeStore, store::committed, codeCache(b), b.code);
      registry =
          new RuntimeRegistry(
              verifier,
              // Loading and calls outside blocks run under the chain's limits in force.
              RuntimeLoader.create(() -> limitsInForce(b.metering)),
              onChainCode,
              Instant.ofEpochMilli(genesis.timestampMillis()));
      Path genesisJar = genesisJar(genesis, b.genesisCode);
      LoadedRuntime genesisRuntime =
          registry.loadRuntime(
              genesisJar,
              genesis.runtimeCodeHash(),
              Instant.ofEpochMilli(genesis.timestampMillis()));
      coordinator =
          UpgradeCoordinator.builder(registry, genesisRuntime)
              .store(store)
              .maxSnapshots(b.upgradeConfig.maxSnapshots())
              .meters(meters)
              .build();
      governance =
          Governance.create(
              genesis.chainId(),
              Objects.requireNonNull(b.validators, "validators"),
              b.upgradeConfig,
              ChainParameters.RULES,
              // The migration budget is a governed parameter: genesis writes it the same way.
              ChainParameters.genesis(b.metering, Optional.ofNullable(b.migrationBudget)));
      hooks =
          new GovernedUpgrades(
              governance,
              coordinator,
              store::committed,
              new CodeInBlocks(codeStore, b.codeParameters, () -> readJar(genesisJar)));
      chain = Chain.open(store, genesis, registry, hooks);
      // An approved upgrade is staged again from the chain state, as before the restart.
      hooks.stageApproved(Instant.ofEpochMilli(chain.head().header().timestampMillis()));
      mempool =
          Mempool.create(
              b.mempoolConfig,
              chain::transactionIncluded,
              tx ->
                  tx.kind() == Transaction.Kind.RUNTIME
                      ? chain.validateRuntimeTransaction(tx.payload())
                      // Code uploads and pre-check verdicts are checked by code in state (#14);
                      // only verified governance with a fresh nonce gets in (and first).
                      : hooks.code().validate(chain.state(), tx.payload(), governance));
      CodeOffer offer = new CodeOffer(codeStore, b.code);
      prechecker = new Prechecker(governance, coordinator, hooks.code(), b.attestWith);
      hooks.onBlockCommitted(
          block -> {
            var committed = store.committed();
            offer.afterBlock(
                committed,
                block.height(),
                CodeInBlocks.named(governance.openProposal(committed)),
                payload -> mempool.submit(Transaction.host(payload)));
            prechecker.afterBlock(
                committed, block.height(), payload -> mempool.submit(Transaction.host(payload)));
          });
      producer = BlockProducer.create(chain, mempool, b.producerConfig);
      // While governance has paused the chain, only governance transactions are included (so that a
      // resume, cancel or rollback can still get in); users' transactions wait in the mempool.
      producer.admitOnly(
          tx ->
              tx.kind() == Transaction.Kind.HOST
                  || !(governance.isPaused(chain.state()) || coordinator.userTransactionsPaused()));
      producer.runtimeTransactionsWaitAfter(
          tx ->
              tx.kind() == Transaction.Kind.HOST && SignedGovernanceTx.rewindsState(tx.payload()));
      // A migration that let users in and failed in the last block fails back in the next.
      producer.runtimeTransactionsWaitWhile(coordinator::failsBackInNextBlock);
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

  /** The metering limits of the committed state; before genesis, the configured ones. */
  private MeteringLimits limitsInForce(Optional<MeteringLimits> genesisLimits) {
    StateView committed = store.committed();
    if (committed.get(MeteringParameters.KEY).isPresent()) {
      return MeteringParameters.read(committed);
    }
    // A chain with a head and no limits in its state runs under the defaults.
    return Chain.storedHeadHeight(store).isPresent()
        ? MeteringLimits.DEFAULT
        : genesisLimits.orElse(MeteringLimits.DEFAULT);
  }

  /**
   * The genesis runtime's JAR: on chain, kept in the code cache, given, or in the plugins folder.
   */
  private Path genesisJar(GenesisConfig genesis, byte @Nullable [] given) {
    HashCode hash = genesis.runtimeCodeHash();
    Optional<Path> found = onChainCode.find(hash);
    if (found.isPresent()) {
      return found.get();
    }
    if (given != null) {
      if (!Hashing.sha256().hashBytes(given).equals(hash)) {
        throw new ForklessException(
            "the given genesis runtime does not have the genesis code hash " + hash);
      }
      return onChainCode.cache(hash, given);
    }
    throw new ForklessException(
        "the genesis runtime (code hash "
            + hash
            + ") is neither on chain nor in the plugins folder: put its JAR there");
  }

  private static byte[] readJar(Path jar) {
    try {
      return Files.readAllBytes(jar);
    } catch (IOException e) {
      throw new ForklessException("cannot read the genesis runtime " + jar + ": " + e, e);
    }
  }

  private Path codeCache(Builder b) {
    if (b.codeCache != null) {
      return b.codeCache;
    }
    if (b.dataDir != null) {
      return b.dataDir.resolveSibling(b.dataDir.getFileName() + "-code-cache");
    }
    try {
      temporaryCodeCache = Files.createTempDirectory("forkless-code-cache");
      return temporaryCodeCache;
    } catch (IOException e) {
      throw new ForklessException("cannot create a temporary code cache: " + e, e);
    }
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
    private Optional<MeteringLimits> metering = Optional.empty();
    private MempoolConfig mempoolConfig = MempoolConfig.defaults();
    private ProducerConfig producerConfig = ProducerConfig.defaults();
    private MeterRegistry meters = new SimpleMeterRegistry();
    private io.forkless.host.migration.@Nullable StepBudget migrationBudget;
    private CodeParameters codeParameters = CodeParameters.defaults();
    private @Nullable Path codeCache;
    private byte @Nullable [] genesisCode;
    private List<SignedGovernanceTx.NamedKey> attestWith = List.of();

    private Builder() {}

    /**
     * The multi-block migration budget a new chain's genesis records (the governed chain parameter
     * {@code migration}; governance changes it later). A chain resumed from its store keeps what
     * its state says.
     *
     * @throws IllegalArgumentException if it is above {@link
     *     io.forkless.host.migration.MigrationParameters#MAX_KEYS_PER_BLOCK}
     */
    public Builder migrationBudget(io.forkless.host.migration.StepBudget budget) {
      io.forkless.host.migration.MigrationParameters.problem(budget)
          .ifPresent(
              p -> {
                throw new IllegalArgumentException("genesis migration budget: " + p);
              });
      this.migrationBudget = budget;
      return this;
    }

    /**
     * The validator keys this node files pre-check verdicts with (a dev node: every dev key). None
     * by default: the node then only verifies at activation.
     */
    public Builder attestWith(List<SignedGovernanceTx.NamedKey> keys) {
      this.attestWith = List.copyOf(keys);
      return this;
    }

    /**
     * The code parameters a new chain records in its genesis state (ignored for an existing one).
     */
    public Builder codeParameters(CodeParameters parameters) {
      this.codeParameters = parameters;
      return this;
    }

    /**
     * Where code read from the chain is written as files for the loader. Default: beside the data
     * folder ({@code DIR-code-cache}), or a temporary folder for a memory store.
     */
    public Builder codeCache(Path folder) {
      this.codeCache = folder;
      return this;
    }

    /**
     * The genesis runtime's JAR, for creating the chain when it is not in the plugins folder (e.g.
     * bundled in the node). Its hash must be the genesis config's code hash.
     */
    public Builder genesisCode(byte[] jar) {
      this.genesisCode = jar.clone();
      return this;
    }

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

    /**
     * The metering limits a new chain starts with (written into its genesis state; governance
     * changes them later). A chain resumed from its store keeps what its state says.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code limits}
     */
    public Builder metering(MeteringLimits limits) {
      MeteringParameters.problem(limits)
          .ifPresent(
              p -> {
                throw new IllegalArgumentException("genesis metering limits: " + p);
              });
      this.metering = Optional.of(limits);
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
   * The nonce {@code validator}'s next governance transaction must carry: after its pending ones in
   * the mempool, else its next nonce in the committed state.
   */
  public long nextGovernanceNonce(String validator) {
    return mempool
        .nextPendingNonce(
            Transaction.Kind.HOST, validator.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .orElse(governance.nonce(chain.state(), validator));
  }

  /**
   * Queues a transaction for the next blocks.
   *
   * @throws io.forkless.host.chain.TransactionRejectedException saying why the mempool refused it
   */
  public HashCode submit(Transaction tx) {
    return mempool.submit(tx);
  }

  /** A rollback transaction accepted for the next block. */
  public record RollbackQueued(long proposalId, HashCode txHash, long restoredHeight) {}

  /**
   * Queues a signed emergency rollback first for the next block, after checking it against the
   * committed state. The block that includes it rolls the upgrade back forward (see {@link
   * UpgradeCoordinator#rollbackInBlock}); nothing happens outside a block, so a crash before that
   * block leaves the node before the rollback, and after it, rolled back.
   *
   * @throws GovernanceException if the transaction is not a valid rollback
   * @throws io.forkless.host.upgrade.UpgradeRefusedException if the chain state does not allow it
   *     (no retained upgrade, not the last one, re-execution still in progress)
   */
  public RollbackQueued rollback(SignedGovernanceTx tx) {
    if (!(tx.action() instanceof GovernanceAction.Emergency e)
        || e.kind() != GovernanceAction.EmergencyKind.ROLLBACK) {
      throw new GovernanceException("expected an emergency rollback transaction");
    }
    var state = chain.state();
    governance.checkEmergency(state, chain.head().height() + 1, tx);
    UpgradeCoordinator.checkRollback(state, e.target());
    if (!coordinator.hasRollbackSnapshot(e.target())) {
      // Every node executes the rollback; this one could not and would halt at that block.
      throw new io.forkless.host.upgrade.UpgradeRefusedException(
          "this node has no snapshot of the state before upgrade "
              + e.target()
              + " (was its snapshot folder deleted?); it would halt at the rollback's block:"
              + " restore the data folder from a backup or replay the chain first");
    }
    long restored =
        coordinator.retainedUpgrades().stream()
            .filter(u -> u.upgradeId() == e.target())
            .findFirst()
            .map(u -> u.activationHeight() - 1)
            .orElse(-1L);
    Transaction carrier = Transaction.host(tx.encode());
    mempool.requeueFront(List.of(carrier));
    log.warn(
        "Rollback of upgrade proposal {} queued for block {} (transaction {})",
        e.target(),
        chain.head().height() + 1,
        carrier.hash());
    return new RollbackQueued(e.target(), carrier.hash(), restored);
  }

  /**
   * Why block production is paused, if it is: by the operator, for a migration, or by governance.
   */
  public Optional<String> pausedReason() {
    if (coordinator.pausedForMigration()) {
      return Optional.of("migration in progress");
    }
    var migrating = coordinator.migrationStatus();
    if (migrating.isPresent() && migrating.get().usersPaused()) {
      return Optional.of(
          "upgrade "
              + migrating.get().upgradeId()
              + " is migrating (since height "
              + migrating.get().activationHeight()
              + "): blocks go on, user transactions wait until the swap");
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

  /** How long {@link #close} waits for the block in progress before it closes the store anyway. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(8);

  /**
   * Stops producing (waiting at most {@link #STOP_TIMEOUT} for the block in progress), then closes
   * the store. A block still running after that (runtime code that does not return) cannot commit
   * any more: every commit is one atomic batch, so the store closes clean either way. Idempotent.
   */
  @Override
  public void close() {
    if (producer.isRunning()) {
      producer.stopAsync();
      try {
        producer.awaitTerminated(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.error(
            "the block in progress at height {} did not finish within {} s; closing the store"
                + " without it (it is not committed and will be produced again after restart)",
            chain.head().height() + 1,
            STOP_TIMEOUT.toSeconds());
      } catch (IllegalStateException e) {
        log.warn("block producer had failed: {}", e.toString());
      }
    }
    coordinator.close();
    store.close();
    if (temporaryCodeCache != null) {
      deleteQuietly(temporaryCodeCache);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (var files = Files.walk(folder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}: {}", folder, e.toString());
    }
  }

  /**
   * This node's pre-check of the open proposal's code (#14): the verdicts it files with the keys it
   * holds, and on request for a validator whose key is elsewhere ({@code forkless attest}).
   */
  public Prechecker prechecker() {
    return prechecker;
  }

  /** Code in chain state: upload status, reading code by hash. */
  public CodeStore codeStore() {
    return hooks.code().store();
  }

  /** The node's code repository: the chain first, then the code cache, then the plugins folder. */
  public OnChainCode onChainCode() {
    return onChainCode;
  }
}
