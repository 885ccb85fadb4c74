package io.forkless.benchmarks;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.metering.MeteredExecution;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.sample.balances.v1_0.BalancesRuntime;
import io.forkless.testing.Accounts;
import io.forkless.testing.MemoryState;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A balances 1.0.0 transfer metered against unmetered, side by side in one run (issue 13, goal:
 * metered ≥ 0.85 of unmetered): {@code unmetered} runs the sample's classes from the class path;
 * {@code metered} runs the same signed JAR as a node does, instrumented by {@link RuntimeLoader}
 * and applied through {@link MeteredExecution} (a fresh meter per transaction, a block budget
 * shared by 1,000 transactions). Run from the project root: {@code java -jar
 * benchmarks/target/benchmarks.jar MeteringBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MeteringBenchmark {

  private static final int BLOCK = 1_000;

  /** Signed ahead; when used up, both states restart from genesis (amortised over them all). */
  private static final int SIGNED = 20_000;

  private final BlockContext block =
      new BlockContext("bench", 1, 0, io.forkless.host.crypto.HostCrypto.INSTANCE);
  private byte[][] transfers = new byte[0][];
  private MemoryState unmeteredGenesis;
  private MemoryState meteredGenesis;
  private final Runtime unmetered = new BalancesRuntime();
  private MemoryState unmeteredState;
  private LoadedRuntime loaded;
  private Runtime metered;
  private MemoryState meteredState;
  private MeteredExecution execution;
  private int next;
  private int inBlock;

  @Setup
  public void setUp() {
    Map<String, Object> genesis =
        Accounts.devGenesis(Map.of("alice", 1_000_000_000L, "bob", 1_000_000_000L));
    unmeteredGenesis = new MemoryState();
    unmetered.initGenesis(unmeteredGenesis, genesis);
    loaded = RuntimeLoader.create().loadRuntime(BenchmarkJars.balances100());
    metered = loaded.runtime();
    meteredGenesis = new MemoryState();
    metered.initGenesis(meteredGenesis, genesis);
    execution = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
    transfers = SignedTransfers.aliceAndBob(SIGNED);
    unmeteredState = unmeteredGenesis.copy();
    meteredState = meteredGenesis.copy();
  }

  private byte[] nextTransfer(boolean forMetered) {
    if (next == transfers.length) {
      next = 0;
      if (forMetered) {
        meteredState = meteredGenesis.copy();
      } else {
        unmeteredState = unmeteredGenesis.copy();
      }
    }
    return transfers[next++];
  }

  @TearDown
  public void tearDown() {
    loaded.close();
  }

  @Benchmark
  public Receipt unmetered() {
    byte[] tx = nextTransfer(false);
    return unmetered.apply(unmeteredState, block, tx);
  }

  @Benchmark
  public Receipt metered() {
    byte[] tx = nextTransfer(true);
    if (++inBlock == BLOCK) {
      inBlock = 0;
      execution = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
    }
    return execution.apply(metered, meteredState, block, tx);
  }
}
