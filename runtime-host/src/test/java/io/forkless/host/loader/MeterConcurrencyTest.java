package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.host.metering.MeteredExecution;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.testing.MemoryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The meter lookup of instrumented code (a static hint checked against the calling thread, the
 * ThreadLocal as fallback) under concurrency: several threads run the same loaded runtime at once,
 * as the block thread, RPC queries and dry runs do, each under its own meters. Every transaction
 * must be charged exactly what it costs when run alone: a step charged to another thread's meter
 * would show as a different count.
 */
class MeterConcurrencyTest {

  private static final BlockContext BLOCK =
      new BlockContext("test-chain", 1, 1_000, io.forkless.host.crypto.HostCrypto.INSTANCE);
  private static final int THREADS = 4;
  private static final int TRANSACTIONS = 3_000;

  @Test
  void concurrentExecutionsAreEachChargedExactlyTheirOwnSteps() throws Exception {
    // A corpus runtime using lookup tables, immutable collections and an enum switch: many small
    // instrumented methods, each looking its meter up.
    try (LoadedRuntime runtime =
        RuntimeLoader.create().loadRuntime(CorpusRun.jar(RestartRun.named("StaticLookupTables")))) {
      long[] alone = run(runtime, 2, null);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          results.add(pool.submit(() -> run(runtime, TRANSACTIONS, start)));
        }
        start.countDown();
        for (Future<long[]> f : results) {
          long[] used = f.get(5, TimeUnit.MINUTES);
          for (int i = 0; i < used.length; i++) {
            assertThat(used[i]).as("transaction %d", i).isEqualTo(alone[i % 2]);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Steps of each of {@code n} alternating transactions, each under its own block's meter. */
  private static long[] run(LoadedRuntime runtime, int n, CountDownLatch start) throws Exception {
    MemoryState state = new MemoryState();
    runtime.runtime().initGenesis(state, Map.of());
    if (start != null) {
      start.await();
    }
    long[] used = new long[n];
    for (int i = 0; i < n; i++) {
      MeteredExecution block = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
      // Two payloads of different lengths: the runtime takes other branches, other steps.
      byte[] tx = new byte[i % 2 == 0 ? 3 : 4];
      Receipt r = block.apply(runtime.runtime(), state, BLOCK, tx);
      assertThat(r.success()).as(r.message()).isTrue();
      used[i] = MeteringLimits.DEFAULT.blockSteps() - block.blockRemaining();
    }
    return used;
  }
}
