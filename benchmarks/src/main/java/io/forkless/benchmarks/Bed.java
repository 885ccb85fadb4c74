package io.forkless.benchmarks;

import com.google.common.base.Stopwatch;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.Mempool;
import io.forkless.host.chain.MempoolConfig;
import io.forkless.host.chain.PreparedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarVerifier;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.host.upgrade.FolderCodeRepository;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.RuntimeRegistry;
import io.forkless.host.upgrade.UpgradeCoordinator;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.testing.Accounts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The upgrade harnesses' test bed: a chain of the balances 1.0.0 runtime on a real RocksDB folder,
 * loaded from the real signed sample JARs through the registry and the upgrade coordinator, with
 * accounts {@code acc0..acc(N-1)} (balance 1,000 + i) at genesis: dev keys for the 100 senders
 * {@code acc0..acc99}, synthetic keys nobody can sign for the rest.
 *
 * <p>A genesis of many accounts may be written in chunks ({@code genesisChunk}): the runtime's own
 * {@code initGenesis} runs on each chunk of the non-sender accounts and each chunk is committed to
 * the store (state only, no chain records), then {@link Chain#open} writes the genesis block with
 * the 100 senders on top. The state is the one a single {@code initGenesis} of all N accounts
 * writes (the same keys and values; the root is a sum over entries, so the same root and genesis
 * block: {@link #checkChunkedGenesis} proves it on every run), but memory stays bounded by a chunk:
 * one call holds the whole section and an overlay of 2N keys in the heap (10,000,000 accounts would
 * not fit in 8 GB).
 */
final class Bed {

  static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  static final RuntimeVersion V1_0 = RuntimeVersion.of(1, 0, 0);
  static final int SENDERS = 100;
  static final int ONE_CALL = Integer.MAX_VALUE;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final RocksStateStore store;
  private final Chain chain;
  private final Mempool mempool;
  private final UpgradeCoordinator coordinator;
  private final List<UpgradeEvent> events;
  // Every chain's nonces start at 0.
  private final Accounts.Signer signer = new Accounts.Signer("bench");
  private long time = GENESIS;

  private Bed(
      RocksStateStore store,
      Chain chain,
      Mempool mempool,
      UpgradeCoordinator coordinator,
      List<UpgradeEvent> events) {
    this.store = store;
    this.chain = chain;
    this.mempool = mempool;
    this.coordinator = coordinator;
    this.events = events;
  }

  /**
   * Opens a new chain in {@code dir} (empty) with {@code accounts} genesis accounts, the accounts
   * beyond the senders written {@code genesisChunk} at a time ({@link #ONE_CALL}: one {@code
   * initGenesis} of all, as a node does).
   */
  static Bed open(Path root, Path dir, int accounts, @Nullable StepBudget budget, int genesisChunk)
      throws IOException {
    JarVerifier verifier =
        JarVerifier.create(
            TrustAnchors.fromPkcs12(
                root.resolve("dev-keys/DEV-ONLY-truststore.p12"),
                "forkless-dev-only".toCharArray()),
            ArchiveLimits.defaults());
    RuntimeRegistry registry =
        new RuntimeRegistry(
            verifier,
            // Metering (#13) would refuse a genesis of a million accounts in one initGenesis call
            // (64 MiB per call): the harness measures the upgrade path, not the limits.
            RuntimeLoader.create(
                new MeteringLimits(
                    10_000_000L, 1_000_000_000L, 256, 1L << 40, 50_000_000L, Long.MAX_VALUE / 4)),
            FolderCodeRepository.of(jars(root)),
            Instant.ofEpochMilli(GENESIS));
    RuntimeCode genesis = code(root, "balances-runtime-1.0.0.jar");
    LoadedRuntime initial =
        registry.loadRuntime(genesis.jar(), genesis.codeHash(), Instant.ofEpochMilli(GENESIS));
    RocksStateStore store = RocksStateStore.open(dir, StoreOptions.defaults().withMaxSnapshots(4));
    UpgradeCoordinator coordinator =
        UpgradeCoordinator.builder(registry, initial)
            .store(store)
            .maxSnapshots(3)
            .migrationBudget(budget)
            .build();
    List<UpgradeEvent> events = new ArrayList<>();
    coordinator.addListener(events::add);
    int inGenesisBlock = accounts;
    if (genesisChunk < accounts - SENDERS) {
      inGenesisBlock = Math.min(accounts, SENDERS);
      Stopwatch watch = Stopwatch.createStarted();
      for (int from = inGenesisBlock; from < accounts; from += genesisChunk) {
        int to = (int) Math.min(accounts, (long) from + genesisChunk);
        // The runtime's own initGenesis, as Chain.open calls it, on this chunk.
        Overlay overlay = store.overlay();
        initial
            .runtime()
            .initGenesis(
                HostNamespace.guard(overlay), Accounts.devGenesis(balances(from, to), n -> false));
        store.commit(store.stage(overlay), new ChainWrites());
        if (to / 1_000_000 != from / 1_000_000) {
          System.out.printf(
              "genesis: %,d of %,d accounts written (%d s)%n",
              to, accounts, watch.elapsed().toSeconds());
        }
      }
    }
    Chain chain =
        Chain.open(
            store,
            new GenesisConfig(
                "bench",
                GENESIS,
                Accounts.devGenesis(
                    balances(0, inGenesisBlock), n -> Integer.parseInt(n.substring(3)) < SENDERS),
                genesis.codeHash()),
            registry,
            coordinator);
    Mempool mempool = Mempool.create(MempoolConfig.defaults(), chain::transactionIncluded);
    return new Bed(store, chain, mempool, coordinator, events);
  }

  private static Map<String, Long> balances(int from, int to) {
    Map<String, Long> balances = new TreeMap<>();
    for (int i = from; i < to; i++) {
      balances.put("acc" + i, 1_000L + i);
    }
    return balances;
  }

  /**
   * Fails unless a chunked genesis of {@code accounts} gives the same state root and genesis block
   * as one {@code initGenesis} of all of them.
   */
  static void checkChunkedGenesis(Path root, Path dir, int accounts, int chunk) throws IOException {
    Bed one = open(root, dir.resolve("one-call"), accounts, null, ONE_CALL);
    Bed chunked = open(root, dir.resolve("chunked"), accounts, null, chunk);
    try {
      HashCode a = one.chain().head().hash();
      HashCode b = chunked.chain().head().hash();
      if (!a.equals(b) || !one.store().stateRoot().equals(chunked.store().stateRoot())) {
        throw new IllegalStateException(
            "a genesis of "
                + accounts
                + " accounts in chunks of "
                + chunk
                + " differs from one initGenesis call: genesis block "
                + b
                + " against "
                + a);
      }
      System.out.printf(
          "chunked genesis check: %,d accounts in chunks of %,d give the one-call genesis block %s"
              + " (state root %s)%n",
          accounts, chunk, a, one.store().stateRoot());
    } finally {
      one.close();
      chunked.close();
    }
  }

  static RuntimeCode code(Path root, String name) throws IOException {
    Path jar = jars(root).resolve(name);
    return new RuntimeCode(jar, Hashing.sha256().hashBytes(Files.readAllBytes(jar)));
  }

  private static Path jars(Path root) {
    return root.resolve("runtime-host/target/sample-jars");
  }

  /**
   * Produces one block with {@code transfers} transfers among the senders (one second after the
   * last) and times it.
   */
  BlockTimes timedBlock(int transfers) {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < transfers; i++) {
      // Account k sends to k+50 and receives from k-50 (mod 100) equally often: balances never
      // drain, so every transfer of every block succeeds and changes the state.
      String text = "transfer acc" + (i % 100) + " acc" + ((i + 50) % 100) + " 1";
      txs.add(Transaction.runtime(signer.sign(text)));
    }
    time += 1000;
    long cpu = THREADS.getCurrentThreadCpuTime();
    Stopwatch watch = Stopwatch.createStarted();
    PreparedBlock prepared = chain.prepareBlock(txs, time);
    Duration execute = watch.elapsed();
    chain.commitPrepared(prepared);
    Duration wall = watch.elapsed();
    return new BlockTimes(
        wall,
        execute,
        wall.minus(execute),
        Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpu));
  }

  RocksStateStore store() {
    return store;
  }

  Chain chain() {
    return chain;
  }

  Mempool mempool() {
    return mempool;
  }

  UpgradeCoordinator coordinator() {
    return coordinator;
  }

  List<UpgradeEvent> events() {
    return events;
  }

  void close() {
    store.close();
  }
}
