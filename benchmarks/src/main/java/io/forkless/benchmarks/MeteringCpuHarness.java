package io.forkless.benchmarks;

import io.forkless.api.BlockContext;
import io.forkless.api.HostFunctions;
import io.forkless.api.Runtime;
import io.forkless.host.crypto.HostCrypto;
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
import java.util.List;
import java.util.Map;

/**
 * {@link MeteringBenchmark}'s two paths (a signed balances 1.0.0 transfer, metered as a node runs
 * it and unmetered from the class path; each batch starts from a copy of genesis) measured in
 * thread CPU time rather than wall time, in alternating batches in one JVM: on a machine shared
 * with other builds, wall-clock throughput mostly measures the load, while the CPU time a batch
 * takes stays comparable. Prints each round's metered / unmetered throughput ratio and their
 * median.
 *
 * <p>Two modes: {@code signed} checks every signature with the host's Ed25519 (what a node does;
 * the check dominates both paths), {@code stub} answers every signature check "valid" at no cost in
 * both paths (the metered path still charges its fixed steps), so the figure is the overhead of
 * metering on the runtime's own code. Run from the project root: {@code java -cp
 * benchmarks/target/benchmarks.jar io.forkless.benchmarks.MeteringCpuHarness [stub|signed]} (both
 * when no mode is given).
 */
public final class MeteringCpuHarness {

  private static final int BLOCK = 1_000;

  /** Every signature "valid" (they are, signed ahead), without the check's cost. */
  private static final HostFunctions STUB =
      new HostFunctions() {
        @Override
        public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
          return true;
        }

        @Override
        public byte[] sha256(byte[] data) {
          return HostCrypto.INSTANCE.sha256(data);
        }
      };

  private final int batch;
  private final BlockContext block;
  // Signed ahead: each batch starts again from a copy of genesis, so every nonce is the next one.
  private final byte[][] transfers;
  private final Runtime unmetered = new BalancesRuntime();
  private final MemoryState unmeteredGenesis = new MemoryState();
  private final LoadedRuntime loaded;
  private final MemoryState meteredGenesis = new MemoryState();
  private int sink;

  private MeteringCpuHarness(int batch, HostFunctions host) {
    this.batch = batch;
    this.block = new BlockContext("bench", 1, 0, host);
    this.transfers = SignedTransfers.aliceAndBob(batch);
    Map<String, Object> genesis =
        Accounts.devGenesis(Map.of("alice", 1_000_000_000L, "bob", 1_000_000_000L));
    unmetered.initGenesis(unmeteredGenesis, genesis);
    loaded = RuntimeLoader.create().loadRuntime(BenchmarkJars.balances100());
    loaded.runtime().initGenesis(meteredGenesis, genesis);
  }

  public static void main(String[] args) {
    List<String> modes = args.length == 0 ? List.of("stub", "signed") : List.of(args);
    for (String mode : modes) {
      switch (mode) {
        case "stub" -> new MeteringCpuHarness(20_000, STUB).measure(mode, 15, 15);
        case "signed" -> new MeteringCpuHarness(1_000, HostCrypto.INSTANCE).measure(mode, 5, 9);
        default -> throw new IllegalArgumentException("mode must be stub or signed: " + mode);
      }
    }
  }

  private void measure(String mode, int warmupRounds, int rounds) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < warmupRounds; r++) {
      metered();
      unmetered();
    }
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      metered();
      long t1 = cpu.getCurrentThreadCpuTime();
      unmetered();
      long t2 = cpu.getCurrentThreadCpuTime();
      long meteredNs = t1 - t0;
      long unmeteredNs = t2 - t1;
      ratios[r] = (double) unmeteredNs / meteredNs;
      System.out.printf(
          "%s round %2d: metered %7.0f ns/op, unmetered %7.0f ns/op, metered/unmetered %.2f%n",
          mode, r, (double) meteredNs / batch, (double) unmeteredNs / batch, ratios[r]);
    }
    Arrays.sort(ratios);
    System.out.printf(
        "%s: median metered/unmetered throughput %.2f (sink %d)%n", mode, ratios[rounds / 2], sink);
    loaded.close();
  }

  private void metered() {
    MemoryState meteredState = meteredGenesis.copy();
    MeteredExecution execution = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
    for (int i = 0; i < batch; i++) {
      if (i % BLOCK == 0) {
        execution = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
      }
      sink +=
          execution.apply(loaded.runtime(), meteredState, block, transfers[i]).message().length();
    }
  }

  private void unmetered() {
    MemoryState unmeteredState = unmeteredGenesis.copy();
    for (int i = 0; i < batch; i++) {
      sink += unmetered.apply(unmeteredState, block, transfers[i]).message().length();
    }
  }
}
