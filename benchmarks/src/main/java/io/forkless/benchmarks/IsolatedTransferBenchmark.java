package io.forkless.benchmarks;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
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
 * The same transfer as {@link TransferBenchmark}, but through balances 1.0.0 loaded from its signed
 * JAR into an isolated class loader by {@link RuntimeLoader}. Compare the two in one run: {@code
 * java -jar benchmarks/target/benchmarks.jar Transfer} from the project root (see {@link
 * BenchmarkJars} for the paths).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IsolatedTransferBenchmark {

  private final BlockContext block = io.forkless.testing.TestHostFunctions.block("bench", 1);
  // Signed ahead (nonces 0..N-1 of alice and bob, alternating); the state restarts from genesis
  // when they run out, so every measured call is a valid signed transfer.
  private byte[][] transfers = new byte[0][];
  private LoadedRuntime loaded;
  private Runtime runtime;
  private MemoryState state;
  private int next;

  @Setup
  public void setUp() {
    loaded = RuntimeLoader.create().loadRuntime(BenchmarkJars.balances100());
    runtime = loaded.runtime();
    transfers = SignedTransfers.aliceAndBob(20_000);
    genesis();
  }

  private void genesis() {
    state = new MemoryState();
    runtime.initGenesis(
        state,
        io.forkless.testing.Accounts.devGenesis(
            Map.of("alice", 1_000_000_000L, "bob", 1_000_000_000L)));
    next = 0;
  }

  @TearDown
  public void tearDown() {
    loaded.close();
  }

  @Benchmark
  public Receipt transfer() {
    if (next == transfers.length) {
      genesis();
    }
    return runtime.apply(state, block, transfers[next++]);
  }
}
