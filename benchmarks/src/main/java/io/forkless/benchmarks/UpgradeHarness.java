package io.forkless.benchmarks;

import com.google.common.base.Stopwatch;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Transaction;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.host.upgrade.UpgradeRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * benchmarks/target/benchmarks.jar io.forkless.benchmarks.UpgradeHarness [accounts [stepped]]}
 * (default 1,000,000 each; 0 skips that run). The second argument runs {@link
 * SteppedMigrationHarness} on that many accounts for the last figure, {@code mbm_max_block_ratio}.
 */
public final class UpgradeHarness {

  private static final RuntimeVersion V1_0 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V1_1 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2_0 = RuntimeVersion.of(2, 0, 0);

  private final Path root = Path.of(System.getProperty("forkless.root", "."));

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

  private Bed open(Path dir, int accounts) throws IOException {
    return Bed.open(root, dir, accounts, null, Bed.ONE_CALL);
  }

  private RuntimeCode code(String name) throws IOException {
    return Bed.code(root, name);
  }

  private Duration block(Bed bed, int transfers) {
    return timedBlock(bed, transfers).wall();
  }

  private BlockTimes timedBlock(Bed bed, int transfers) {
    return bed.timedBlock(transfers);
  }

  private void run(int accounts, int steppedAccounts) throws Exception {
    Path work = Files.createTempDirectory("forkless-upgrade-bench");
    try {
      swapPause(work.resolve("swap"));
      if (accounts > 0) {
        migrationAndRollback(work.resolve("migration"), work.resolve("raw"), accounts);
      }
      if (steppedAccounts > 0) {
        // SteppedMigrationHarness prints the stepped run's own figures.
        mbmMaxBlockRatio =
            new SteppedMigrationHarness(root).run(work.resolve("stepped"), steppedAccounts);
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
