package io.forkless.benchmarks;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.sample.balances.v1_0.BalancesRuntime;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one balances 1.0.0 transfer against an in-memory state, with the runtime on the class
 * path: the baseline for the runtime-call benchmarks of the loader.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransferBenchmark {

  private final BalancesRuntime runtime = new BalancesRuntime();
  private final BlockContext block = io.forkless.testing.TestHostFunctions.block("bench", 1);
  // Signed ahead (nonces 0..N-1 of alice and bob, alternating); the state restarts from genesis
  // when they run out, so every measured call is a valid signed transfer.
  private byte[][] transfers = new byte[0][];
  private MemoryState state;
  private int next;

  @Setup
  public void setUp() {
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

  @Benchmark
  public Receipt transfer() {
    if (next == transfers.length) {
      genesis();
    }
    return runtime.apply(state, block, transfers[next++]);
  }
}
