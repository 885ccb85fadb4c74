package io.forkless.benchmarks;

import io.forkless.api.MigrationContext;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.testing.MemoryState;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * add_staking over N accounts (default 1,000,000), metered (the signed plugin JAR instrumented by
 * {@link RuntimeLoader}) against unmetered (the same JAR on a plain class loader), alternating
 * three rounds each on fresh copies of the same state; prints each time and the ratio of the best
 * rounds. Not JMH: each round needs a million-key state built first. Run from the project root:
 * {@code java -cp benchmarks/target/benchmarks.jar io.forkless.benchmarks.MeteredMigrationHarness}.
 */
public final class MeteredMigrationHarness {

  private MeteredMigrationHarness() {}

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    MemoryState template = new MemoryState();
    for (int i = 0; i < accounts; i++) {
      template.put(
          ("acct/a" + i).getBytes(StandardCharsets.US_ASCII),
          ByteBuffer.allocate(8).putLong(1_000L + i).array());
    }
    try (URLClassLoader plain =
            new URLClassLoader(
                new URL[] {BenchmarkJars.file(BenchmarkJars.ADD_STAKING).toUri().toURL()},
                MeteredMigrationHarness.class.getClassLoader());
        LoadedMigrationPlugin plugin =
            RuntimeLoader.create().loadMigrationPlugin(BenchmarkJars.addStaking())) {
      StateMigration unmetered =
          (StateMigration)
              plain
                  .loadClass("io.forkless.sample.migration.staking.AddStakingMigration")
                  .getConstructor()
                  .newInstance();
      StateMigration metered = plugin.migration("add_staking").orElseThrow();
      long bestUnmetered = Long.MAX_VALUE;
      long bestMetered = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        long u = time(unmetered, template);
        long m = time(metered, template);
        bestUnmetered = Math.min(bestUnmetered, u);
        bestMetered = Math.min(bestMetered, m);
        System.out.printf("round %d: unmetered %d ms, metered %d ms%n", round, u, m);
      }
      System.out.printf(
          "add_staking over %,d accounts: best unmetered %d ms, best metered %d ms,"
              + " metered/unmetered throughput %.3f%n",
          accounts, bestUnmetered, bestMetered, (double) bestUnmetered / bestMetered);
    }
  }

  private static long time(StateMigration migration, MemoryState template) {
    MemoryState state = template.copy();
    long start = System.nanoTime();
    migration.migrate(state, CONTEXT);
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static final MigrationContext CONTEXT =
      new MigrationContext() {
        @Override
        public RuntimeVersion fromVersion() {
          return RuntimeVersion.of(1, 1, 0);
        }

        @Override
        public RuntimeVersion toVersion() {
          return RuntimeVersion.of(2, 0, 0);
        }

        @Override
        public void progress(long keysProcessed, long estimatedTotal) {}

        @Override
        public io.forkless.api.HostFunctions host() {
          return io.forkless.host.crypto.HostCrypto.INSTANCE;
        }
      };
}
