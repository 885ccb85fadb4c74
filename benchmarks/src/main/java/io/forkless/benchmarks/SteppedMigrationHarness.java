package io.forkless.benchmarks;

import com.google.common.base.Stopwatch;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.migration.MigrationEvent;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.upgrade.MigrationStatus;
import io.forkless.host.upgrade.UpgradeEvent;
import io.forkless.host.upgrade.UpgradeRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Issue 16's multi-block figure: a stepped add_staking ({@code add_staking_stepped}) over N genesis
 * accounts through the chain, on a real RocksDB with the real signed JARs, at the chain's step
 * budget (default 5,000 keys a block). Ordinary blocks carry 200 transfers; during a paused plan
 * (the default) migration blocks carry none, as a node's producer keeps users' transactions in the
 * mempool while they are paused; with {@code -Dforkless.pause=false} they carry 200 too. It times
 * every block from the activation to the swap (the swap block included) in wall clock and in the
 * block thread's CPU time against the median of 21 ordinary blocks before it, and prints {@code
 * mbm_max_block_ratio} (longest block of the migration / median ordinary block, wall clock; goal at
 * most 1.5) as its last line, with the CPU-time ratio beside it.
 *
 * <p>Run from the repository root after {@code mvn -B -pl benchmarks -am package -DskipTests}:
 * {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * io.forkless.benchmarks.SteppedMigrationHarness [accounts]} (default 1,000,000). Properties:
 * {@code forkless.budget} (keys per block, default 5,000), {@code forkless.genesisChunk} (accounts
 * per genesis chunk, default 100,000; see {@link Bed}), {@code forkless.work} (folder for the
 * chain, default the system's temporary folder; deleted at the end).
 */
public final class SteppedMigrationHarness {

  private static final RuntimeVersion V2_0 = RuntimeVersion.of(2, 0, 0);
  private static final int TRANSFERS = 200;
  private static final double GOAL = 1.5;

  private final Path root;

  SteppedMigrationHarness(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path parent =
        Path.of(System.getProperty("forkless.work", System.getProperty("java.io.tmpdir")));
    Path work = Files.createTempDirectory(parent, "forkless-stepped-bench");
    try {
      double ratio =
          new SteppedMigrationHarness(Path.of(System.getProperty("forkless.root", ".")))
              .run(work, accounts);
      System.out.printf("mbm_max_block_ratio=%.3f%n", ratio);
    } finally {
      delete(work);
    }
  }

  /** One block of the migration: its phase as the status showed it before the block, and times. */
  private record Timed(long height, String phase, BlockTimes times) {}

  /**
   * Runs the stepped migration over {@code accounts} accounts in {@code dir} (new folders inside);
   * returns the longest block of the migration / the median ordinary block, wall clock.
   */
  double run(Path dir, int accounts) throws Exception {
    StepBudget budget = new StepBudget(Long.getLong("forkless.budget", 5_000));
    int chunk = Integer.getInteger("forkless.genesisChunk", 100_000);
    boolean pause = Boolean.parseBoolean(System.getProperty("forkless.pause", "true"));
    Bed.checkChunkedGenesis(root, dir.resolve("check"), 3_000, 1_000);
    delete(dir.resolve("check"));

    Stopwatch setup = Stopwatch.createStarted();
    Bed bed = Bed.open(root, dir.resolve("chain"), accounts, budget, chunk);
    System.out.printf(
        "genesis with %,d accounts (chunks of %,d) in %d s, store files %,d MB%n",
        accounts, chunk, setup.elapsed().toSeconds(), size(dir) >> 20);
    AtomicLong largestStep = new AtomicLong();
    List<MigrationEvent.Failed> failures = new ArrayList<>();
    bed.coordinator()
        .addMigrationListener(
            e -> {
              if (e instanceof MigrationEvent.Stepped s) {
                largestStep.accumulateAndGet(s.keysThisBlock(), Math::max);
              } else if (e instanceof MigrationEvent.Failed f) {
                failures.add(f);
              }
            });
    for (int i = 0; i < 10; i++) {
      bed.timedBlock(TRANSFERS); // warm-up
    }
    List<BlockTimes> ordinary = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      ordinary.add(bed.timedBlock(TRANSFERS));
    }
    // For reading the figures: what a block without transactions costs (a paused plan's blocks
    // are that plus the migration's step).
    List<BlockTimes> empty = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      empty.add(bed.timedBlock(0));
    }
    // As on a chain: the upgrade is scheduled ahead of its activation, the block before it is an
    // ordinary one (after it the pre-upgrade checkpoint is taken in the background), and the
    // activation block starts one block interval after that block started, as a node's producer
    // starts it (1 s by default, ProducerConfig; -Dforkless.blockIntervalMs). Back to back, the
    // activation block would wait for the checkpoint, which at 10,000,000 accounts takes about
    // half a second, time a node spends between blocks.
    long interval = Long.getLong("forkless.blockIntervalMs", 1000);
    bed.coordinator()
        .scheduleUpgrade(
            new UpgradeRequest(
                V2_0,
                Bed.code(root, "balances-runtime-2.0.0.jar"),
                bed.chain().head().height() + 2,
                Optional.of(
                    new MigrationPlan(Bed.V1_0, V2_0, List.of("add_staking_stepped"), 60, pause)),
                List.of(Bed.code(root, "add-staking-stepped-migration.jar")),
                OptionalLong.empty()));

    Stopwatch before = Stopwatch.createStarted();
    bed.timedBlock(TRANSFERS);
    long rest = interval - before.elapsed().toMillis();
    if (rest > 0) {
      Thread.sleep(rest);
    }
    List<Timed> during = new ArrayList<>();
    Stopwatch all = Stopwatch.createStarted();
    while (bed.coordinator().currentVersion().equals(Bed.V1_0)) {
      Optional<MigrationStatus> status = bed.coordinator().migrationStatus();
      if (status.isEmpty() && !during.isEmpty()) {
        throw new IllegalStateException(
            "the migration stopped without a swap: " + failures + " " + bed.events());
      }
      status.ifPresent(s -> largestStep.accumulateAndGet(s.largestStepKeys(), Math::max));
      String phase =
          status.map(s -> s.validating() ? "validating" : "migrating").orElse("activation");
      long height = bed.chain().head().height() + 1;
      // As a node's producer: users' transactions wait in the mempool while they are paused.
      int transfers = bed.coordinator().userTransactionsPaused() ? 0 : TRANSFERS;
      during.add(new Timed(height, phase, bed.timedBlock(transfers)));
      if (bed.events().stream().anyMatch(e -> e instanceof UpgradeEvent.UpgradeFailed)) {
        throw new IllegalStateException("the upgrade failed: " + bed.events());
      }
      if (during.size() % 1_000 == 0) {
        System.out.printf(
            "%,d blocks in %d s, %s: %,d keys done%n",
            during.size(),
            all.elapsed().toSeconds(),
            phase,
            status.map(MigrationStatus::keysDone).orElse(0L));
      }
    }
    Timed swap = during.get(during.size() - 1);
    during.set(during.size() - 1, new Timed(swap.height(), "swap", swap.times()));
    long storeBytes = size(dir);
    bed.close();

    long validating = during.stream().filter(t -> t.phase().equals("validating")).count();
    System.out.printf(
        "stepped add_staking over %,d accounts at %,d keys/block, %s: %,d blocks (%,d migrating, %,d"
            + " validating, the activation and swap blocks among them) in %d s; store files %,d MB"
            + " (checkpoints counted in full)%n",
        accounts,
        budget.keysPerBlock(),
        pause
            ? "users paused (their transactions wait, as a node's producer keeps them)"
            : "users not paused (" + TRANSFERS + " transfers in every block)",
        during.size(),
        during.size() - validating,
        validating,
        all.elapsed().toSeconds(),
        storeBytes >> 20);
    // Wall clock on a shared machine has spikes: the longest blocks with their own CPU time.
    during.stream()
        .sorted(Comparator.comparing((Timed t) -> t.times().wall()).reversed())
        .limit(5)
        .forEach(
            t ->
                System.out.printf(
                    "  long block: height %d (%s) wall %.1f ms, cpu %.1f ms%n",
                    t.height(), t.phase(), ms(t.times().wall()), ms(t.times().cpu())));
    double wall = report("wall", ordinary, empty, during, BlockTimes::wall);
    double cpu = report("cpu", ordinary, empty, during, BlockTimes::cpu);
    System.out.printf(
        "largest step: %,d keys touched (budget %,d, a step over %,d fails the upgrade)%s%n",
        largestStep.get(),
        budget.keysPerBlock(),
        budget.hardLimit(),
        largestStep.get() > budget.keysPerBlock() ? " OVER BUDGET" : ", within budget");
    System.out.printf("mbm_max_block_ratio (wall)=%.3f (cpu)=%.3f%n", wall, cpu);
    return wall;
  }

  /** Prints one measure's figures; returns longest block of the migration / median ordinary. */
  private static double report(
      String measure,
      List<BlockTimes> ordinary,
      List<BlockTimes> empty,
      List<Timed> during,
      Function<BlockTimes, Duration> time) {
    Duration median = median(ordinary.stream().map(time).toList());
    Timed longest = Collections.max(during, Comparator.comparing(t -> time.apply(t.times())));
    Timed swap = during.get(during.size() - 1);
    long over = during.stream().filter(t -> ratio(time.apply(t.times()), median) > GOAL).count();
    double ratio = ratio(time.apply(longest.times()), median);
    System.out.printf(
        "%s: median ordinary block %.1f ms (empty block %.1f ms); during the migration median %.1f ms (%.3f), longest"
            + " %.1f ms (%.3f, the %s block at height %d), swap block %.1f ms (%.3f); %d of %d"
            + " blocks over %.1f x the median ordinary block%n",
        measure,
        ms(median),
        ms(median(empty.stream().map(time).toList())),
        ms(median(during.stream().map(t -> time.apply(t.times())).toList())),
        ratio(median(during.stream().map(t -> time.apply(t.times())).toList()), median),
        ms(time.apply(longest.times())),
        ratio,
        longest.phase(),
        longest.height(),
        ms(time.apply(swap.times())),
        ratio(time.apply(swap.times()), median),
        over,
        during.size(),
        GOAL);
    return ratio;
  }

  private static Duration median(List<Duration> times) {
    List<Duration> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static double ratio(Duration a, Duration b) {
    return (double) a.toNanos() / Math.max(1, b.toNanos());
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1e6;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // a file RocksDB removed meanwhile
                }
              })
          .sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
