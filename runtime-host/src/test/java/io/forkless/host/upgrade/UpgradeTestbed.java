package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.ExecutionHooks;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.Mempool;
import io.forkless.host.chain.MempoolConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarVerifier;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A chain on a real RocksDB in a temp folder, running the real signed 1.0.0 sample runtime in its
 * isolated loader, with an upgrade coordinator as its hooks. Blocks are produced on demand with
 * timestamps one second apart, so tests are deterministic.
 */
final class UpgradeTestbed implements AutoCloseable {

  static final String CHAIN_ID = "upgrade-test";
  static final long GENESIS_TIME = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

  final Path dir;
  final RocksStateStore store;
  final RuntimeRegistry registry;
  final UpgradeCoordinator coordinator;
  final Chain chain;
  final Mempool mempool;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<UpgradeEvent> events = new ArrayList<>();
  final io.forkless.testing.Accounts.Signer signer =
      new io.forkless.testing.Accounts.Signer(CHAIN_ID);

  private UpgradeTestbed(
      Path dir,
      Map<String, Long> balances,
      int maxSnapshots,
      Function<UpgradeCoordinator, ExecutionHooks> hooks,
      ProductionControl production,
      io.forkless.host.migration.@org.jspecify.annotations.Nullable StepBudget budget) {
    this.dir = dir;
    JarVerifier verifier =
        JarVerifier.create(
            TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword()),
            ArchiveLimits.defaults());
    registry =
        new RuntimeRegistry(
            verifier,
            RuntimeLoader.create(),
            FolderCodeRepository.of(SampleJars.dir()),
            Instant.ofEpochMilli(GENESIS_TIME));
    RuntimeCode genesis = sample(SampleJars.RUNTIME_1_0_0);
    LoadedRuntime initial =
        registry.loadRuntime(genesis.jar(), genesis.codeHash(), Instant.ofEpochMilli(GENESIS_TIME));
    store =
        RocksStateStore.open(
            dir.resolve("data"), StoreOptions.defaults().withMaxSnapshots(maxSnapshots + 1));
    coordinator =
        UpgradeCoordinator.builder(registry, initial)
            .store(store)
            .production(production)
            .maxSnapshots(maxSnapshots)
            .meters(meters)
            .migrationBudget(budget)
            .build();
    coordinator.addListener(events::add);
    chain =
        Chain.open(
            store,
            new GenesisConfig(
                CHAIN_ID,
                GENESIS_TIME,
                // Dev keys for the accounts tests sign with; synthetic keys for bulk accounts.
                io.forkless.testing.Accounts.devGenesis(
                    balances, name -> !name.startsWith("acc") || name.length() <= 5),
                genesis.codeHash()),
            registry,
            hooks.apply(coordinator));
    mempool = Mempool.create(MempoolConfig.defaults(), chain::transactionIncluded);
  }

  static UpgradeTestbed open(Path dir, Map<String, Long> balances, int maxSnapshots) {
    return new UpgradeTestbed(dir, balances, maxSnapshots, c -> c, ProductionControl.NONE, null);
  }

  static UpgradeTestbed open(Path dir, Map<String, Long> balances, ProductionControl production) {
    return new UpgradeTestbed(dir, balances, 3, c -> c, production, null);
  }

  static UpgradeTestbed open(
      Path dir,
      Map<String, Long> balances,
      int maxSnapshots,
      Function<UpgradeCoordinator, ExecutionHooks> hooks) {
    return new UpgradeTestbed(dir, balances, maxSnapshots, hooks, ProductionControl.NONE, null);
  }

  /** A chain whose genesis sets the multi-block migration budget to {@code keysPerBlock}. */
  static UpgradeTestbed withBudget(Path dir, Map<String, Long> balances, long keysPerBlock) {
    return new UpgradeTestbed(
        dir,
        balances,
        3,
        c -> c,
        ProductionControl.NONE,
        new io.forkless.host.migration.StepBudget(keysPerBlock));
  }

  /**
   * A chain whose genesis sets the migration budget to {@code keysPerBlock} and the metering limits
   * to {@code limits} (the block's step budget a stepped migration takes its share of).
   */
  static UpgradeTestbed withLimits(
      Path dir,
      Map<String, Long> balances,
      long keysPerBlock,
      io.forkless.host.metering.MeteringLimits limits) {
    return new UpgradeTestbed(
        dir,
        balances,
        3,
        c -> new WithLimits(c, limits),
        ProductionControl.NONE,
        new io.forkless.host.migration.StepBudget(keysPerBlock));
  }

  /** The coordinator's hooks, with metering limits written at genesis. */
  private record WithLimits(
      UpgradeCoordinator coordinator, io.forkless.host.metering.MeteringLimits limits)
      implements ExecutionHooks {
    @Override
    public void initGenesis(io.forkless.api.State state) {
      coordinator.initGenesis(state);
      io.forkless.host.metering.MeteringParameters.write(state, limits);
    }

    @Override
    public void beginBlock(io.forkless.api.BlockContext ctx) {
      coordinator.beginBlock(ctx);
    }

    @Override
    public io.forkless.api.Receipt applyHostTransaction(
        io.forkless.api.State txOverlay, io.forkless.api.BlockContext ctx, byte[] payload) {
      return coordinator.applyHostTransaction(txOverlay, ctx, payload);
    }

    @Override
    public io.forkless.host.chain.RuntimeBinding beginRuntimePhase(
        io.forkless.api.BlockContext ctx,
        io.forkless.host.state.Overlay blockOverlay,
        io.forkless.host.chain.RuntimeBinding current) {
      return coordinator.beginRuntimePhase(ctx, blockOverlay, current);
    }

    @Override
    public long migrationStepsThisBlock() {
      return coordinator.migrationStepsThisBlock();
    }

    @Override
    public void addChainRecords(long height, io.forkless.host.state.ChainWrites writes) {
      coordinator.addChainRecords(height, writes);
    }

    @Override
    public void afterCommit(
        io.forkless.host.chain.Block block,
        List<io.forkless.host.chain.TxReceipt> receipts,
        io.forkless.host.chain.RuntimeBinding executedBy) {
      coordinator.afterCommit(block, receipts, executedBy);
    }
  }

  /** {@code count} accounts acc0.. with balance 1000 + i. */
  static Map<String, Long> accounts(int count) {
    Map<String, Long> balances = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      balances.put("acc" + i, 1000L + i);
    }
    return balances;
  }

  static RuntimeCode sample(String fileName) {
    Path jar = SampleJars.jar(fileName);
    try {
      return new RuntimeCode(jar, Hashing.sha256().hashBytes(Files.readAllBytes(jar)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Signs a call written the old way ("transfer alice bob 1"), with the sender's next nonce. */
  Transaction tx(String text) {
    return Transaction.runtime(signer.sign(text));
  }

  /** Submits the transactions and produces one block with the whole mempool. */
  ExecutedBlock produce(String... runtimeTxs) {
    for (String t : runtimeTxs) {
      mempool.submit(tx(t));
    }
    List<Transaction> txs = mempool.peek(10_000);
    long time = GENESIS_TIME + (chain.head().height() + 1) * 1000;
    ExecutedBlock block = chain.produceBlock(txs, time);
    mempool.removeAll(txs.stream().map(Transaction::hash).toList());
    return block;
  }

  long height() {
    return chain.head().height();
  }

  /** The committed runtime keys and values (the host's records left out), as hex. */
  /**
   * The runtime state a single-block add_staking upgrade to 2.0.0 at height 2 leaves over {@code
   * balances}: what a stepped form of the same migration must end with.
   */
  static Map<String, String> singleBlockAddStaking(Path dir, Map<String, Long> balances) {
    try (UpgradeTestbed one = open(dir, balances, 3)) {
      one.coordinator.scheduleUpgrade(
          new UpgradeRequest(
              RuntimeVersion.of(2, 0, 0),
              sample(SampleJars.RUNTIME_2_0_0),
              2,
              Optional.of(
                  new MigrationPlan(
                      RuntimeVersion.of(1, 0, 0),
                      RuntimeVersion.of(2, 0, 0),
                      List.of("add_staking"),
                      60,
                      true)),
              List.of(sample(SampleJars.ADD_STAKING)),
              OptionalLong.empty()));
      one.produce();
      one.produce();
      if (!one.coordinator.currentVersion().equals(RuntimeVersion.of(2, 0, 0))) {
        throw new AssertionError("the single-block add_staking upgrade did not execute");
      }
      return one.runtimeContents();
    }
  }

  Map<String, String> runtimeContents() {
    Map<String, String> all = new TreeMap<>(contents());
    all.keySet().removeIf(k -> k.startsWith("00"));
    return all;
  }

  /** Every committed key and value, as hex, in key order. */
  Map<String, String> contents() {
    Map<String, String> all = new TreeMap<>();
    chain
        .state()
        .scan(
            new byte[0],
            (k, v) ->
                all.put(
                    HashCode.fromBytes(k.length == 0 ? new byte[1] : k).toString(),
                    HashCode.fromBytes(v.length == 0 ? new byte[1] : v).toString()
                        + "/"
                        + v.length));
    return all;
  }

  @Override
  public void close() {
    coordinator.close();
    store.close();
  }
}
