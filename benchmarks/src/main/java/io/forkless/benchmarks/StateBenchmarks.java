package io.forkless.benchmarks;

import com.google.common.hash.Hashing;
import com.google.common.primitives.Longs;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.Transaction;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.LtHash;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.StagedCommit;
import io.forkless.host.state.StoreOptions;
import io.forkless.sample.balances.v1_0.BalancesRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A harness (not JMH: each measurement needs a store of 10k or 1M keys built first) for the state
 * store and chain figures of docs/benchmarks.md: state-root update cost per written key at 10k vs
 * 1M keys, snapshot time at 10k vs 1M keys, restore time at 1M keys, and transfer throughput of
 * balances 1.0.0 through the chain on RocksDB.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.forkless.benchmarks.StateBenchmarks
 * [largeKeys]}.
 */
public final class StateBenchmarks {

  private static final int WRITES_PER_ROUND = 10_000;
  private static final int ROUNDS = 15;

  private StateBenchmarks() {}

  public static void main(String[] args) throws IOException {
    int large = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path tmp = Files.createTempDirectory("forkless-bench");
    StoreOptions options =
        StoreOptions.defaults()
            .withMaxSnapshots(3)
            .withDurability(StoreOptions.Durability.OS_BUFFERED);
    try (RocksStateStore small = filled(tmp.resolve("small"), options, 10_000);
        RocksStateStore big = filled(tmp.resolve("large"), options, large)) {
      elementCost();
      Random random = new Random(42);
      // Warm-up rounds (JIT, block cache), discarded.
      for (int i = 0; i < 5; i++) {
        updateRound(small, 10_000, random);
        updateRound(big, large, random);
      }
      // Alternate the two sizes so that noise from other processes hits both alike.
      double[][] smallFigures = new double[ROUNDS][];
      double[][] bigFigures = new double[ROUNDS][];
      for (int i = 0; i < ROUNDS; i++) {
        smallFigures[i] = updateRound(small, 10_000, random);
        bigFigures[i] = updateRound(big, large, random);
      }
      double[] snapSmall = new double[ROUNDS];
      double[] snapBig = new double[ROUNDS];
      double[] restoreBig = new double[5];
      SnapshotId last = null;
      for (int i = 0; i < ROUNDS; i++) {
        updateRound(small, 10_000, random);
        snapSmall[i] = timeMillis(small::snapshot);
        updateRound(big, large, random);
        long start = System.nanoTime();
        last = big.snapshot();
        snapBig[i] = (System.nanoTime() - start) / 1e6;
      }
      for (int i = 0; i < restoreBig.length; i++) {
        SnapshotId id = last;
        restoreBig[i] = timeMillis(() -> big.restore(id));
      }
      if (!big.stateRoot().equals(big.recomputeStateRoot())) {
        throw new IllegalStateException("root drifted from contents");
      }
      double rootSmall = median(column(smallFigures, 0));
      double rootBig = median(column(bigFigures, 0));
      double commitSmall = median(column(smallFigures, 1));
      double commitBig = median(column(bigFigures, 1));
      System.out.printf(
          "root update (stage: read old value + LtHash) µs/key: %,d keys %.2f, %,d keys %.2f,"
              + " ratio %.2f%n",
          10_000, rootSmall, large, rootBig, rootBig / rootSmall);
      System.out.printf(
          "commit (stage + atomic write batch) µs/key: %,d keys %.2f, %,d keys %.2f, ratio %.2f%n",
          10_000, commitSmall, large, commitBig, commitBig / commitSmall);
      System.out.printf(
          "snapshot ms (median of %d): %,d keys %.2f, %,d keys %.2f, ratio %.2f%n",
          ROUNDS,
          10_000,
          median(snapSmall),
          large,
          median(snapBig),
          median(snapBig) / median(snapSmall));
      System.out.printf(
          "restore ms (median of %d) at %,d keys: %.2f%n",
          restoreBig.length, large, median(restoreBig));
    }
    try {
      throughput(tmp.resolve("chain"), StoreOptions.Durability.SYNC);
      throughput(tmp.resolve("chain-buffered"), StoreOptions.Durability.OS_BUFFERED);
    } finally {
      try (Stream<Path> walk = Files.walk(tmp)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static RocksStateStore filled(Path dir, StoreOptions options, int keys) {
    RocksStateStore store = RocksStateStore.open(dir, options);
    long fillStart = System.nanoTime();
    for (int from = 0; from < keys; from += 100_000) {
      Overlay overlay = store.overlay();
      for (int i = from; i < Math.min(keys, from + 100_000); i++) {
        overlay.put(key(i), Longs.toByteArray(i));
      }
      store.commit(store.stage(overlay), new ChainWrites());
    }
    // Measure a settled store, not one racing its own background compactions.
    store.compact();
    System.out.printf(
        "filled and compacted %,d keys in %.1f s%n", keys, (System.nanoTime() - fillStart) / 1e9);
    return store;
  }

  /** Writes {@value #WRITES_PER_ROUND} random existing keys; returns µs/key for stage, commit. */
  private static double[] updateRound(RocksStateStore store, int keys, Random random) {
    Overlay overlay = store.overlay();
    for (int i = 0; i < WRITES_PER_ROUND; i++) {
      overlay.put(key(random.nextInt(keys)), Longs.toByteArray(random.nextLong()));
    }
    int written = overlay.writeCount();
    long start = System.nanoTime();
    StagedCommit staged = store.stage(overlay);
    long stagedAt = System.nanoTime();
    store.commit(staged, new ChainWrites());
    long end = System.nanoTime();
    return new double[] {(stagedAt - start) / 1000.0 / written, (end - start) / 1000.0 / written};
  }

  private static double timeMillis(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double[] column(double[][] rows, int index) {
    return Arrays.stream(rows).mapToDouble(r -> r[index]).toArray();
  }

  private static void elementCost() {
    LtHash hash = LtHash.empty();
    byte[] value = new byte[8];
    int n = 200_000;
    for (int warm = 0; warm < 2; warm++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        hash.add(key(i), value);
      }
      long nanos = System.nanoTime() - start;
      if (warm == 1) {
        System.out.printf("LtHash add: %.2f µs per entry%n", nanos / 1000.0 / n);
      }
    }
  }

  private static void throughput(Path dir, StoreOptions.Durability durability) {
    BalancesRuntime runtime = new BalancesRuntime();
    RuntimeBinding binding =
        new RuntimeBinding(
            runtime,
            runtime.version(),
            Hashing.sha256().hashString("balances-1.0.0", StandardCharsets.UTF_8));
    Map<String, Long> balances = new HashMap<>();
    int accounts = 1000;
    for (int i = 0; i < accounts; i++) {
      balances.put("a" + i, 1_000_000_000L);
    }
    try (RocksStateStore store =
        RocksStateStore.open(dir, StoreOptions.defaults().withDurability(durability))) {
      Chain chain =
          Chain.open(
              store,
              new GenesisConfig(
                  "bench",
                  0,
                  io.forkless.testing.Accounts.devGenesis(balances),
                  binding.codeHash()),
              h -> binding);
      io.forkless.testing.Accounts.Signer signer = new io.forkless.testing.Accounts.Signer("bench");
      Random random = new Random(7);
      int blockSize = 1000;
      int blocks = 60;
      int warmup = 20;
      long start = 0;
      long failed = 0;
      for (int b = 0; b < blocks; b++) {
        if (b == warmup) {
          start = System.nanoTime();
        }
        List<Transaction> txs = new ArrayList<>(blockSize);
        for (int i = 0; i < blockSize; i++) {
          String text =
              "transfer a" + random.nextInt(accounts) + " a" + random.nextInt(accounts) + " 1";
          txs.add(Transaction.runtime(signer.sign(text)));
        }
        failed += chain.produceBlock(txs, b).receipts().stream().filter(r -> !r.success()).count();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "chain throughput (RocksDB, %s, blocks of %d balances 1.0.0 transfers): %,.0f tx/s"
              + " (%d rejected, e.g. self-transfers)%n",
          durability, blockSize, (blocks - warmup) * blockSize / seconds, failed);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static byte[] key(int i) {
    // Spread keys over the key space like hashed account names.
    long mixed = i * 0x9E3779B97F4A7C15L;
    return ("k/" + Long.toHexString(mixed) + "/" + i).getBytes(StandardCharsets.US_ASCII);
  }
}
