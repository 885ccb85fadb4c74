package io.forkless.benchmarks;

import com.google.common.collect.ImmutableList;
import io.forkless.host.loader.BytecodeVerifier;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.loader.VerifiedJar;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The load half of staging a runtime JAR, for the signed balances 1.0.0 JAR ({@code sample}) and a
 * generated runtime of about 1 MB of classes ({@code generated1MB}): {@code scan} is the bytecode
 * verifier alone; {@code load} is the whole {@link RuntimeLoader#loadRuntime} (placement checks,
 * scan, defining every class, initialising and instantiating the runtime), then close. Class
 * loading alone is {@code load - scan}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoaderBenchmark {

  @Param({"sample", "generated1MB"})
  public String jar;

  private VerifiedJar verifiedJar;
  private final BytecodeVerifier verifier = BytecodeVerifier.create();
  private final RuntimeLoader loader = RuntimeLoader.create();

  @Setup
  public void setUp() {
    verifiedJar =
        jar.equals("sample") ? BenchmarkJars.balances100() : BenchmarkJars.generated(1 << 20);
    ImmutableList<String> violations = verifier.verify(verifiedJar);
    if (!violations.isEmpty()) {
      throw new IllegalStateException(jar + " has violations: " + violations);
    }
  }

  @Benchmark
  public ImmutableList<String> scan() {
    return verifier.verify(verifiedJar);
  }

  @Benchmark
  public void load(Blackhole blackhole) {
    try (LoadedRuntime loaded = loader.loadRuntime(verifiedJar)) {
      blackhole.consume(loaded.runtime());
    }
  }
}
