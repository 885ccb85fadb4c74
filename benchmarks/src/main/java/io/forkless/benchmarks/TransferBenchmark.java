package io.forkless.benchmarks;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.sample.balances.v1_0.BalancesRuntime;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
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
  private final BlockContext block = new BlockContext(1, 0);
  private final byte[][] transfers = new byte[2][];
  private MemoryState state;
  private int next;

  @Setup
  public void setUp() {
    state = new MemoryState();
    runtime.initGenesis(state, Map.of("alice", 1_000_000_000L, "bob", 1_000_000_000L));
    transfers[0] = "transfer alice bob 1".getBytes(StandardCharsets.US_ASCII);
    transfers[1] = "transfer bob alice 1".getBytes(StandardCharsets.US_ASCII);
  }

  @Benchmark
  public Receipt transfer() {
    next ^= 1;
    return runtime.apply(state, block, transfers[next]);
  }
}
