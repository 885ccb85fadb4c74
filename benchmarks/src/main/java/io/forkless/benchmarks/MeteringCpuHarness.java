package io.forkless.benchmarks;

import io.forkless.api.BlockContext;
import io.forkless.api.Runtime;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.metering.MeteredExecution;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.sample.balances.v1_0.BalancesRuntime;
import io.forkless.testing.Accounts;
import io.forkless.testing.MemoryState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link MeteringBenchmark}'s two paths (a signed balances 1.0.0 transfer, metered as a node runs
 * it and unmetered from the class path; each batch starts from a copy of genesis) measured in
 * thread CPU time rather than wall time, in alternating batches in one JVM: on a machine shared
 * with other builds, wall-clock throughput mostly measures the load, while the CPU time a batch
 * takes stays comparable. Prints each round's metered / unmetered throughput ratio and their
 * median. Run from the project root: {@code java -cp benchmarks/target/benchmarks.jar
 * io.forkless.benchmarks.MeteringCpuHarness}.
 */
public final class MeteringCpuHarness {

  private static final int BATCH = 20_000;
  private static final int WARMUP_ROUNDS = 15;
  private static final int ROUNDS = 15;
  private static final int BLOCK = 1_000;

  private final BlockContext block =
      new BlockContext("bench", 1, 0, io.forkless.host.crypto.HostCrypto.INSTANCE);
  // Signed ahead, BATCH of them: each batch starts again from a copy of genesis, so every nonce
  // is the next one.
  private final byte[][] transfers = SignedTransfers.aliceAndBob(BATCH);
  private final Runtime unmetered = new BalancesRuntime();
  private final MemoryState unmeteredGenesis = new MemoryState();
  private final LoadedRuntime loaded;
  private final MemoryState meteredGenesis = new MemoryState();
  private int sink;

  private MeteringCpuHarness() {
    Map<String, Object> genesis =
        Accounts.devGenesis(Map.of("alice", 1_000_000_000L, "bob", 1_000_000_000L));
    unmetered.initGenesis(unmeteredGenesis, genesis);
    loaded = RuntimeLoader.create().loadRuntime(BenchmarkJars.balances100());
    loaded.runtime().initGenesis(meteredGenesis, genesis);
  }

  public static void main(String[] args) {
    MeteringCpuHarness h = new MeteringCpuHarness();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < WARMUP_ROUNDS; r++) {
      h.metered();
      h.unmetered();
    }
    double[] ratios = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      h.metered();
      long t1 = cpu.getCurrentThreadCpuTime();
      h.unmetered();
      long t2 = cpu.getCurrentThreadCpuTime();
      long meteredNs = t1 - t0;
      long unmeteredNs = t2 - t1;
      ratios[r] = (double) unmeteredNs / meteredNs;
      System.out.printf(
          "round %2d: metered %6.0f ns/op, unmetered %6.0f ns/op, metered/unmetered throughput %.2f%n",
          r, (double) meteredNs / BATCH, (double) unmeteredNs / BATCH, ratios[r]);
    }
    Arrays.sort(ratios);
    System.out.printf(
        "median metered/unmetered throughput: %.2f (sink %d)%n", ratios[ROUNDS / 2], h.sink);
    h.loaded.close();
  }

  private void metered() {
    MemoryState meteredState = meteredGenesis.copy();
    MeteredExecution execution = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
    for (int i = 0; i < BATCH; i++) {
      if (i % BLOCK == 0) {
        execution = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
      }
      sink +=
          execution.apply(loaded.runtime(), meteredState, block, transfers[i]).message().length();
    }
  }

  private void unmetered() {
    MemoryState unmeteredState = unmeteredGenesis.copy();
    for (int i = 0; i < BATCH; i++) {
      sink += unmetered.apply(unmeteredState, block, transfers[i]).message().length();
    }
  }
}
