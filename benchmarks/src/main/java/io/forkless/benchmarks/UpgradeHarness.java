package io.forkless.benchmarks;

import com.google.common.base.Stopwatch;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Chain;
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
import io.forkless.host.upgrade.FolderCodeRepository;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.RuntimeRegistry;
import io.forkless.host.upgrade.UpgradeCoordinator;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.host.upgrade.UpgradeRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Upgrade benchmarks on a real RocksDB with the real signed sample JARs, each reported as a ratio
 * of two measurements taken side by side in one run:
 *
 * <ol>
 *   <li>swap pause: the activation block of an upgrade with no migration (1.0.0 to 1.1.0) divided
 *       by the median ordinary block with the same transactions (goal at most 1.05);
 *   <li>migration rate: add_staking over N accounts (the whole activation block: migration,
 *       validation, invariants, root, commit) divided by the raw RocksDB WriteBatch rate for N keys
 *       of the same size (goals: at least 0.25 for the whole block, 0.5 for the migration phase);
 *   <li>rollback time at N accounts.
 * </ol>
 *
 * <p>Run from the repository root after {@code mvn -B verify}: {@code java -cp
 * benchmarks/target/benchmarks.jar io.forkless.benchmarks.UpgradeHarness [accounts]} (default
 * 1,000,000).
 */
public final class UpgradeHarness {

  private static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  private static final RuntimeVersion V1_0 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V1_1 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2_0 = RuntimeVersion.of(2, 0, 0);

  private final Path root = Path.of(System.getProperty("forkless.root", "."));
  private final Path jars = root.resolve("runtime-host/target/sample-jars");
  private long time = GENESIS;
  // Reset for each fresh chain (bed): every chain's nonces start at 0.
  private io.forkless.testing.Accounts.Signer signer =
      new io.forkless.testing.Accounts.Signer("bench");

  // The figures of issue 16, printed together as the last line.
  private double swapPauseRatio = Double.NaN;
  private double migrationRateRatio = Double.NaN;
  private double migrationPhaseRatio = Double.NaN;
  private double mbmMaxBlockRatio = Double.NaN;

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int steppedAccounts = args.length > 1 ? Integer.parseInt(args[1]) : accounts;
    new UpgradeHarness().run(accounts, steppedAccounts);
  }

  private record Bed(
      RocksStateStore store,
      Chain chain,
      Mempool mempool,
      UpgradeCoordinator coordinator,
      List<UpgradeEvent> events) {}

  private Bed open(Path dir, int accounts) throws IOException {
    return open(dir, accounts, null);
  }

  private Bed open(
      Path dir,
      int accounts,
      io.forkless.host.migration.@org.jspecify.annotations.Nullable StepBudget budget)
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
                new io.forkless.host.metering.MeteringLimits(
                    10_000_000L, 1_000_000_000L, 256, 1L << 40, 50_000_000L, Long.MAX_VALUE / 4)),
            FolderCodeRepository.of(jars),
            Instant.ofEpochMilli(GENESIS));
    RuntimeCode genesis = code("balances-runtime-1.0.0.jar");
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
    signer = new io.forkless.testing.Accounts.Signer("bench");
    Map<String, Long> balances = new TreeMap<>();
    for (int i = 0; i < accounts; i++) {
      balances.put("acc" + i, 1_000L + i);
    }
    Chain chain =
        Chain.open(
            store,
            new GenesisConfig(
                "bench",
                GENESIS,
                // Dev keys for the 100 senders, synthetic keys for the rest (fast to set up).
                io.forkless.testing.Accounts.devGenesis(
                    balances, n -> Integer.parseInt(n.substring(3)) < 100),
                genesis.codeHash()),
            registry,
            coordinator);
    Mempool mempool = Mempool.create(MempoolConfig.defaults(), chain::transactionIncluded);
    return new Bed(store, chain, mempool, coordinator, events);
  }

  private RuntimeCode code(String name) throws IOException {
    Path jar = jars.resolve(name);
    return new RuntimeCode(jar, Hashing.sha256().hashBytes(Files.readAllBytes(jar)));
  }

  private Duration block(Bed bed, int transfers) {
    return timedBlock(bed, transfers).wall();
  }

  /**
   * One block's times: wall clock of the whole block and of its two phases (execution with the
   * lifecycle's hooks and the root, then the store commit with the hooks after it), and the block
   * thread's CPU time (what the block itself computed, without the time other processes on this
   * shared machine took the core away).
   */
  record BlockTimes(Duration wall, Duration execute, Duration commit, Duration cpu) {}

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private BlockTimes timedBlock(Bed bed, int transfers) {
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
    io.forkless.host.chain.PreparedBlock prepared = bed.chain().prepareBlock(txs, time);
    Duration execute = watch.elapsed();
    bed.chain().commitPrepared(prepared);
    Duration wall = watch.elapsed();
    return new BlockTimes(
        wall,
        execute,
        wall.minus(execute),
        Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpu));
  }

  private void run(int accounts, int steppedAccounts) throws Exception {
    Path work = Files.createTempDirectory("forkless-upgrade-bench");
    try {
      swapPause(work.resolve("swap"));
      if (accounts > 0) {
        migrationAndRollback(work.resolve("migration"), work.resolve("raw"), accounts);
      }
      if (steppedAccounts > 0) {
        multiBlock(work.resolve("stepped"), steppedAccounts);
      }
      System.out.printf(
          "migration_rate_ratio=%.3f migration_phase_ratio=%.3f swap_pause_ratio=%.3f"
              + " mbm_max_block_ratio=%.3f%n",
          migrationRateRatio, migrationPhaseRatio, swapPauseRatio, mbmMaxBlockRatio);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The swap pause over {@code forkless.rounds} upgrades (default 15), each against the median of
   * the 9 ordinary blocks just before it, per phase: wall clock of the whole block (the figure), of
   * its execution (hooks, transactions, root) and of its commit (store, then the lifecycle's
   * after-commit), and the block thread's CPU time.
   */
  private void swapPause(Path dir) throws IOException, InterruptedException {
    Bed bed = open(dir, 10_000);
    int rounds = Integer.getInteger("forkless.rounds", 15);
    Map<String, List<Double>> ratios = new java.util.LinkedHashMap<>();
    for (String k : List.of("wall", "execute", "commit", "cpu", "after-wall", "after-cpu")) {
      ratios.put(k, new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < 10; i++) {
        block(bed, 200); // warm-up
      }
      List<BlockTimes> ordinary = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Thread.sleep(150);
        ordinary.add(timedBlock(bed, 200));
      }
      long height = bed.chain().head().height() + 2;
      bed.coordinator()
          .scheduleUpgrade(V1_1, code("balances-runtime-1.1.0.jar"), height, Optional.empty());
      Thread.sleep(150);
      ordinary.add(timedBlock(bed, 200)); // the block before: prepares the snapshot
      Thread.sleep(150);
      BlockTimes activation = timedBlock(bed, 200);
      Thread.sleep(150);
      BlockTimes after = timedBlock(bed, 200);
      ratios.get("wall").add(ratio(activation.wall(), median(ordinary, BlockTimes::wall)));
      ratios.get("execute").add(ratio(activation.execute(), median(ordinary, BlockTimes::execute)));
      ratios.get("commit").add(ratio(activation.commit(), median(ordinary, BlockTimes::commit)));
      ratios.get("cpu").add(ratio(activation.cpu(), median(ordinary, BlockTimes::cpu)));
      ratios.get("after-wall").add(ratio(after.wall(), median(ordinary, BlockTimes::wall)));
      ratios.get("after-cpu").add(ratio(after.cpu(), median(ordinary, BlockTimes::cpu)));
      System.out.printf(
          "upgrade %d: ordinary median wall %d ms (execute %d, commit %d, cpu %d); activation"
              + " wall %d ms (execute %d, commit %d, cpu %d); next block wall %d ms (cpu %d)%n",
          round + 1,
          median(ordinary, BlockTimes::wall).toMillis(),
          median(ordinary, BlockTimes::execute).toMillis(),
          median(ordinary, BlockTimes::commit).toMillis(),
          median(ordinary, BlockTimes::cpu).toMillis(),
          activation.wall().toMillis(),
          activation.execute().toMillis(),
          activation.commit().toMillis(),
          activation.cpu().toMillis(),
          after.wall().toMillis(),
          after.cpu().toMillis());
      bed.coordinator().rollbackUpgrade();
      bed.mempool().removeAll(bed.mempool().peek(100_000).stream().map(Transaction::hash).toList());
    }
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
      List<Double> r = new ArrayList<>(e.getValue());
      Collections.sort(r);
      line.append(
          String.format(
              " %s %.3f (%.2f-%.2f)",
              e.getKey(), r.get(r.size() / 2), r.get(0), r.get(r.size() - 1)));
    }
    System.out.printf(
        "swap pause, activation block / median of the 9 ordinary blocks before it (200 transfers,"
            + " 10,000 accounts, 150 ms between blocks), median (range) of %d upgrades:%s%n",
        rounds, line);
    List<Double> wall = new ArrayList<>(ratios.get("wall"));
    Collections.sort(wall);
    swapPauseRatio = wall.get(wall.size() / 2);
    bed.store().close();
  }

  private static Duration median(
      List<BlockTimes> blocks, java.util.function.Function<BlockTimes, Duration> phase) {
    List<Duration> d = new ArrayList<>(blocks.stream().map(phase).toList());
    Collections.sort(d);
    return d.get(d.size() / 2);
  }

  private static double ratio(Duration a, Duration b) {
    return (double) a.toNanos() / Math.max(1, b.toNanos());
  }

  private void migrationAndRollback(Path dir, Path rawDir, int accounts) throws Exception {
    Stopwatch setup = Stopwatch.createStarted();
    Bed bed = open(dir, accounts);
    System.out.printf("genesis with %,d accounts in %d ms%n", accounts, setup.elapsed().toMillis());
    bed.coordinator()
        .scheduleUpgrade(
            new UpgradeRequest(
                V2_0,
                code("balances-runtime-2.0.0.jar"),
                bed.chain().head().height() + 1,
                Optional.of(new MigrationPlan(V1_0, V2_0, List.of("add_staking"), 60, false)),
                List.of(code("add-staking-migration.jar")),
                OptionalLong.empty()));
    long cpuBefore = processCpuNanos();
    Duration activation = block(bed, 0);
    long activationCpu = processCpuNanos() - cpuBefore;
    UpgradeEvent.UpgradeExecuted executed =
        (UpgradeEvent.UpgradeExecuted) bed.events().get(bed.events().size() - 1);
    double activationRate = accounts / (activation.toNanos() / 1e9);
    double migrationRate = accounts / (executed.migrationDuration().toNanos() / 1e9);

    cpuBefore = processCpuNanos();
    Duration raw = rawWriteBatch(rawDir, accounts);
    long rawCpu = processCpuNanos() - cpuBefore;
    double rawRate = accounts / (raw.toNanos() / 1e9);
    System.out.printf(
        "migration: add_staking over %,d accounts: whole activation block %d ms (%.0f keys/s), migration phase %d ms (%.0f keys/s)%n",
        accounts,
        activation.toMillis(),
        activationRate,
        executed.migrationDuration().toMillis(),
        migrationRate);
    System.out.printf(
        "raw RocksDB WriteBatch of %,d keys (17-byte values): %d ms (%.0f keys/s)%n",
        accounts, raw.toMillis(), rawRate);
    System.out.printf(
        "migration rate / raw WriteBatch rate: whole activation %.2f, migration phase %.2f%n",
        activationRate / rawRate, migrationRate / rawRate);
    // The same in CPU time of this process (every thread: block thread, invariants, hashing pool,
    // GC, JIT), which other processes on a shared machine do not inflate; rate ratio = raw CPU /
    // activation CPU. Not the figure (wall clock), printed beside it.
    System.out.printf(
        "in process CPU time: whole activation %d ms, raw WriteBatch %d ms, ratio %.3f%n",
        activationCpu / 1_000_000,
        rawCpu / 1_000_000,
        (double) rawCpu / Math.max(1, activationCpu));
    migrationRateRatio = activationRate / rawRate;
    migrationPhaseRatio = migrationRate / rawRate;

    for (int i = 0; i < 5; i++) {
      block(bed, 100);
    }
    bed.coordinator().rollbackUpgrade();
    // The rollback moves forward: the next block restores the pre-upgrade state into itself.
    Duration rollback = block(bed, 0);
    UpgradeEvent.UpgradeRolledBack done =
        (UpgradeEvent.UpgradeRolledBack) bed.events().get(bed.events().size() - 1);
    System.out.printf(
        "rollback block at %,d accounts: %d ms (%d blocks since the activation, %d transactions"
            + " queued for re-execution)%n",
        accounts, rollback.toMillis(), done.blocksSinceActivation(), done.requeuedTransactions());
    bed.store().close();
  }

  /**
   * A stepped add_staking through the chain at the default budget (5,000 keys a block: 2,500
   * accounts), paused plan, with the ordinary blocks' transfer load in every block: the longest
   * block from the activation to the swap (stepped validation and the swap block included) against
   * the median ordinary block before it.
   */
  private void multiBlock(Path dir, int accounts) throws Exception {
    Stopwatch setup = Stopwatch.createStarted();
    Bed bed = open(dir, accounts, io.forkless.host.migration.StepBudget.DEFAULT);
    System.out.printf("genesis with %,d accounts in %d ms%n", accounts, setup.elapsed().toMillis());
    for (int i = 0; i < 10; i++) {
      block(bed, 200); // warm-up
    }
    List<Duration> ordinary = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      ordinary.add(block(bed, 200));
    }
    Collections.sort(ordinary);
    Duration median = ordinary.get(7);
    bed.coordinator()
        .scheduleUpgrade(
            new UpgradeRequest(
                V2_0,
                code("balances-runtime-2.0.0.jar"),
                bed.chain().head().height() + 1,
                Optional.of(
                    new MigrationPlan(V1_0, V2_0, List.of("add_staking_stepped"), 60, true)),
                List.of(code("add-staking-stepped-migration.jar")),
                OptionalLong.empty()));
    List<Duration> during = new ArrayList<>();
    Duration last = Duration.ZERO;
    int validationBlocks = 0;
    Stopwatch all = Stopwatch.createStarted();
    while (bed.coordinator().currentVersion().equals(V1_0)) {
      if (bed.coordinator()
          .migrationStatus()
          .map(io.forkless.host.upgrade.MigrationStatus::validating)
          .orElse(false)) {
        validationBlocks++;
      }
      last = block(bed, 200);
      during.add(last);
    }
    // Every block from the activation to the swap, the swap block included.
    Duration longest = during.stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    List<Duration> sorted = new ArrayList<>(during);
    Collections.sort(sorted);
    System.out.printf(
        "stepped add_staking over %,d accounts: %d blocks (%d of them validating) in %d ms;"
            + " median ordinary block %d ms; during the migration: median %d ms, longest %d ms"
            + " (%.3f), the swap block %d ms (%.3f)%n",
        accounts,
        during.size(),
        validationBlocks,
        all.elapsed().toMillis(),
        median.toMillis(),
        sorted.get(sorted.size() / 2).toMillis(),
        longest.toMillis(),
        (double) longest.toNanos() / median.toNanos(),
        last.toMillis(),
        (double) last.toNanos() / median.toNanos());
    mbmMaxBlockRatio = (double) longest.toNanos() / median.toNanos();
    bed.store().close();
  }

  /** CPU time of every thread of this JVM so far. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Duration rawWriteBatch(Path dir, int keys) throws Exception {
    RocksDB.loadLibrary();
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        WriteOptions write = new WriteOptions();
        WriteBatch batch = new WriteBatch()) {
      Stopwatch watch = Stopwatch.createStarted();
      byte[] value = new byte[17];
      for (int i = 0; i < keys; i++) {
        value[16] = (byte) i;
        batch.put(("acct/acc" + i).getBytes(StandardCharsets.US_ASCII), value);
      }
      db.write(write, batch);
      return watch.elapsed();
    }
  }
}
