package io.forkless.host.loader;

import com.google.common.hash.HashCode;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of verifying a JAR, phase by phase: hashing, archive-shape check, signature check, and
 * the whole {@link JarVerifier#verify}. In the loader's package because the phases are
 * package-private (they are not API). Run from the repository root, after {@code mvn verify}:
 * {@code java -jar benchmarks/target/benchmarks.jar JarVerify}; {@code -Dforkless.root=DIR} if run
 * elsewhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JarVerifyBenchmark {

  private static final Instant DECISION_TIME = Instant.parse("2026-06-01T00:00:00Z");
  private static final char[] DEV_PASSWORD = "forkless-dev-only".toCharArray();
  private static final int GENERATED_SIZE = 1 << 20;

  /** The sample runtime 1.0.0, or a generated signed JAR of about 1 MiB of real class files. */
  @Param({"sample-1.0.0", "generated-1MiB"})
  public String jar;

  private JarVerifier verifier;
  private byte[] bytes;
  private HashCode hash;
  private ArchiveShape.Result shape;

  @Setup
  public void setUp() throws IOException {
    Path root = Path.of(System.getProperty("forkless.root", "."));
    Path devKeys = root.resolve("dev-keys");
    verifier =
        JarVerifier.create(
            TrustAnchors.fromPkcs12(devKeys.resolve("DEV-ONLY-truststore.p12"), DEV_PASSWORD),
            ArchiveLimits.defaults());
    bytes =
        jar.equals("sample-1.0.0")
            ? Files.readAllBytes(
                root.resolve("runtimes/balances-1.0.0/target/balances-runtime-1.0.0.jar"))
            : generated(
                SigningIdentity.fromPkcs12(
                    devKeys.resolve("DEV-ONLY-jar-signing.p12"),
                    "forkless-dev-signer",
                    DEV_PASSWORD));
    hash = JarVerifier.hash(bytes);
    shape = verifier.checkShape(jar, bytes);
    verifier.verify(jar, bytes, hash, DECISION_TIME);
  }

  /** JDK class files, copied until the JAR holds about 1 MiB of them, signed by the dev key. */
  private static byte[] generated(SigningIdentity signer) {
    String[] classes = {
      "java/lang/String",
      "java/util/HashMap",
      "java/util/ArrayList",
      "java/util/TreeMap",
      "java/util/concurrent/ConcurrentHashMap",
      "java/math/BigInteger",
      "java/util/Arrays",
      "java/lang/Character",
      "java/util/stream/Collectors",
      "java/util/regex/Pattern"
    };
    TestJar.Builder builder =
        TestJar.builder().manifestAttribute("Forkless-Runtime-Version", "9.9.9");
    int total = 0;
    for (int i = 0; total < GENERATED_SIZE; i++) {
      String name = classes[i % classes.length];
      byte[] content = classFile(name);
      builder.entry("io/example/generated/c" + i + "/" + name + ".class", content);
      total += content.length;
    }
    return builder.build().signedBy(Signing.by(signer)).bytes();
  }

  private static byte[] classFile(String name) {
    try (InputStream in = Object.class.getResourceAsStream("/" + name + ".class")) {
      if (in == null) {
        throw new IllegalStateException("no class file for " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public HashCode hashing() {
    return JarVerifier.hash(bytes);
  }

  @Benchmark
  public ArchiveShape.Result archiveShape() {
    return verifier.checkShape(jar, bytes);
  }

  @Benchmark
  public VerifiedJar signature() {
    return verifier.checkSignature(jar, bytes, hash, shape, DECISION_TIME);
  }

  @Benchmark
  public VerifiedJar verifyWhole() {
    return verifier.verify(jar, bytes, hash, DECISION_TIME);
  }
}
