package io.forkless.benchmarks;

import com.google.common.base.Stopwatch;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.ProducerConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.replay.BlockExporter;
import io.forkless.host.replay.BlockImporter;
import io.forkless.host.replay.ProgressListener;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Import rate against live production rate of the same blocks, same run, on RocksDB with the real
 * signed balances 1.0.0 JAR: node A produces N blocks of T transfers each (only {@code
 * produceBlock} is timed, not the submission to the mempool), exports them to a file, and a fresh
 * node B imports the file (timed whole: reading, decoding, checking, executing, committing).
 *
 * <p>Run from the repository root after {@code mvn -B verify}: {@code java -cp
 * benchmarks/target/benchmarks.jar io.forkless.benchmarks.ReplayHarness [blocks] [transfers]}
 * (default 500 blocks of 200 transfers). A short unreported round runs first to warm the JIT.
 */
public final class ReplayHarness {

  private static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  private static final int ACCOUNTS = 1_000;

  private final Path root = Path.of(System.getProperty("forkless.root", "."));
  private final Path jars = root.resolve("runtime-host/target/sample-jars");

  public static void main(String[] args) throws IOException {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    ReplayHarness harness = new ReplayHarness();
    // A short unreported round first, so neither side is measured with a cold JIT.
    harness.run(Math.min(50, blocks), transfers, false);
    harness.run(blocks, transfers, true);
  }

  private ForklessHost open(Path data, int transfers) throws IOException {
    Map<String, Long> balances = new TreeMap<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      balances.put("acc" + i, 1_000_000L);
    }
    var key = Ed25519.fromSeed(new byte[32]);
    return ForklessHost.builder()
        .dataDir(data)
        .pluginsFolder(jars)
        .trust(
            TrustAnchors.fromPkcs12(
                root.resolve("dev-keys/DEV-ONLY-truststore.p12"),
                "forkless-dev-only".toCharArray()))
        .genesis(
            new GenesisConfig(
                "replay-bench",
                GENESIS,
                io.forkless.testing.Accounts.devGenesis(balances),
                Hashing.sha256()
                    .hashBytes(Files.readAllBytes(jars.resolve("balances-runtime-1.0.0.jar")))))
        .validators(ValidatorSet.of(List.of(new Validator("v", key.getPublic(), 1))))
        .upgradeConfig(UpgradeConfig.defaults())
        .producer(new ProducerConfig(Duration.ofSeconds(1), transfers, Clock.systemUTC()))
        .build();
  }

  private void run(int blocks, int transfers, boolean report) throws IOException {
    Path work = Files.createTempDirectory("forkless-replay-bench");
    try {
      Path file = work.resolve("blocks.fkb");
      long produceNanos = 0;
      HashCode headA;
      HashCode rootA;
      long exportMillis;
      try (ForklessHost a = open(work.resolve("a"), transfers)) {
        long n = 0;
        io.forkless.testing.Accounts.Signer signer =
            new io.forkless.testing.Accounts.Signer("replay-bench");
        for (int b = 0; b < blocks; b++) {
          for (int t = 0; t < transfers; t++) {
            int from = (int) (n % ACCOUNTS);
            int to = (int) ((n * 7 + 1) % ACCOUNTS);
            n++;
            a.submit(Transaction.runtime(signer.sign("transfer acc" + from + " acc" + to + " 1")));
          }
          long start = System.nanoTime();
          a.producer().produceBlock().orElseThrow();
          produceNanos += System.nanoTime() - start;
        }
        Stopwatch export = Stopwatch.createStarted();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          BlockExporter.exportAll(a.chain(), out);
        }
        exportMillis = export.elapsed().toMillis();
        headA = a.chain().head().hash();
        rootA = a.chain().stateRoot();
      }
      BlockImporter.Imported imported;
      long importNanos;
      try (ForklessHost b = open(work.resolve("b"), transfers);
          InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        long start = System.nanoTime();
        imported = BlockImporter.importBlocks(b, in, ProgressListener.NONE);
        importNanos = System.nanoTime() - start;
        if (!b.chain().head().hash().equals(headA) || !b.chain().stateRoot().equals(rootA)) {
          throw new IllegalStateException("B did not reach A's head and state root");
        }
      }
      if (!report) {
        return;
      }
      long txs = (long) blocks * transfers;
      double produceS = produceNanos / 1e9;
      double importS = importNanos / 1e9;
      System.out.printf(
          Locale.ROOT,
          "replay: %d blocks x %d transfers (%d txs), %d accounts, file %d bytes, export %d ms%n",
          blocks,
          transfers,
          txs,
          ACCOUNTS,
          Files.size(file),
          exportMillis);
      System.out.printf(
          Locale.ROOT,
          "  live production: %8.1f blocks/s %10.0f tx/s (%.2f s)%n",
          blocks / produceS,
          txs / produceS,
          produceS);
      System.out.printf(
          Locale.ROOT,
          "  import:          %8.1f blocks/s %10.0f tx/s (%.2f s, %d imported)%n",
          imported.blocksImported() / importS,
          imported.transactionsImported() / importS,
          importS,
          imported.blocksImported());
      System.out.printf(Locale.ROOT, "  import / production rate: %.2f%n", produceS / importS);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
