package io.forkless.benchmarks;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.ProducerConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.code.CodeOffer;
import io.forkless.host.code.CodeParameters;
import io.forkless.host.code.CodeUpload;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.TrustAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Code on chain (#14): how many blocks and how long it takes to upload and assemble a 1 MB and an 8
 * MB runtime at the default code parameters (3,968-byte chunks, 1 MiB per block), on RocksDB. A
 * proposal names the code's hash; each block carries the next block's worth of chunks (submitted
 * before the block, not timed); {@code produceBlock} is timed, the last block includes the SHA-256
 * check of the whole; then reading the complete code back from state is timed. Sizes alternate side
 * by side over rounds; medians are reported.
 *
 * <p>Run from the repository root after {@code mvn -B verify}: {@code java -cp
 * benchmarks/target/benchmarks.jar io.forkless.benchmarks.CodeUploadHarness [rounds]} (default 3; a
 * first unreported round warms the JIT).
 */
public final class CodeUploadHarness {

  private static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  private static final String CHAIN = "code-bench";

  private final Path root = Path.of(System.getProperty("forkless.root", "."));
  private final Path jars = root.resolve("runtime-host/target/sample-jars");
  private final KeyPair key = Ed25519.fromSeed(new byte[32]);

  private record Result(long blocks, double produceSeconds, double readSeconds) {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    CodeUploadHarness h = new CodeUploadHarness();
    h.run(1 << 20);
    double[][] one = new double[rounds][];
    double[][] eight = new double[rounds][];
    long blocks1 = 0;
    long blocks8 = 0;
    for (int i = 0; i < rounds; i++) {
      Result a = h.run(1 << 20);
      Result b = h.run(8 << 20);
      one[i] = new double[] {a.produceSeconds(), a.readSeconds()};
      eight[i] = new double[] {b.produceSeconds(), b.readSeconds()};
      blocks1 = a.blocks();
      blocks8 = b.blocks();
    }
    double p1 = median(one, 0);
    double p8 = median(eight, 0);
    System.out.printf(
        Locale.ROOT,
        "code upload at default parameters (%s), medians of %d rounds:%n",
        CodeParameters.defaults(),
        rounds);
    System.out.printf(
        Locale.ROOT,
        "  1 MiB: %d blocks, %.3f s producing them, %.1f ms reading the code back%n",
        blocks1,
        p1,
        median(one, 1) * 1000);
    System.out.printf(
        Locale.ROOT,
        "  8 MiB: %d blocks, %.3f s producing them, %.1f ms reading the code back%n",
        blocks8,
        p8,
        median(eight, 1) * 1000);
    System.out.printf(Locale.ROOT, "  ratio 8 MiB / 1 MiB production time: %.2f%n", p8 / p1);
  }

  private static double median(double[][] rows, int column) {
    double[] v = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      v[i] = rows[i][column];
    }
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  private ForklessHost open(Path data) throws IOException {
    return ForklessHost.builder()
        .dataDir(data)
        .pluginsFolder(jars)
        .trust(
            TrustAnchors.fromPkcs12(
                root.resolve("dev-keys/DEV-ONLY-truststore.p12"),
                "forkless-dev-only".toCharArray()))
        .genesis(
            new GenesisConfig(
                CHAIN,
                GENESIS,
                Map.of(),
                Hashing.sha256()
                    .hashBytes(Files.readAllBytes(jars.resolve("balances-runtime-1.0.0.jar")))))
        .validators(ValidatorSet.of(List.of(new Validator("v", key.getPublic(), 1))))
        .upgradeConfig(UpgradeConfig.defaults())
        .producer(new ProducerConfig(Duration.ofSeconds(1), 1000, Clock.systemUTC()))
        .build();
  }

  private Result run(int size) throws IOException {
    Path work = Files.createTempDirectory("forkless-code-bench");
    try (ForklessHost host = open(work.resolve("data"))) {
      byte[] code = new byte[size];
      new Random(size).nextBytes(code);
      HashCode hash = Hashing.sha256().hashBytes(code);
      ProposeUpgrade propose =
          new ProposeUpgrade(
              "v",
              "bench",
              "",
              RuntimeVersion.of(1, 1, 0),
              hash,
              Optional.empty(),
              UpgradeConfig.defaults().timelockDelay(),
              1);
      host.submit(
          Transaction.host(
              SignedGovernanceTx.sign(
                      CHAIN, propose, 0, List.of(new NamedKey("v", key.getPrivate())))
                  .encode()));
      host.producer().produceBlock().orElseThrow();
      CodeParameters p = host.codeStore().parameters(host.chain().state());
      long blocks = 0;
      long nanos = 0;
      long nonce = 0;
      while (!host.codeStore().status(host.chain().state(), hash).complete()) {
        long from = host.codeStore().status(host.chain().state(), hash).received();
        for (CodeUpload u :
            CodeOffer.chunks(
                hash, code, from, p.maxChunkBytes(), p.maxUploadBytesPerBlock(), nonce++)) {
          host.submit(Transaction.host(u.encode()));
        }
        long start = System.nanoTime();
        host.producer().produceBlock().orElseThrow();
        nanos += System.nanoTime() - start;
        blocks++;
      }
      long start = System.nanoTime();
      byte[] back = host.codeStore().read(host.chain().state(), hash).orElseThrow();
      long read = System.nanoTime() - start;
      if (!java.util.Arrays.equals(back, code)) {
        throw new IllegalStateException("the code read back differs");
      }
      return new Result(blocks, nanos / 1e9, read / 1e9);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
