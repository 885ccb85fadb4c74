package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.testing.MemoryState;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Style rule 4: a released loader is really garbage-collected. Each scenario runs in its own method
 * so no local variable of the test method keeps a reference; the GC is then polled with a deadline.
 */
class LoaderGarbageCollectionTest {

  @Test
  void aClosedRuntimesLoaderIsCollected() {
    WeakReference<ClassLoader> loader = loadAndClose(0);

    awaitCollected(loader);
  }

  @Test
  void aClosedRuntimesLoaderIsCollectedAfterItExecutedTransactions() {
    WeakReference<ClassLoader> loader = loadAndClose(1_000);

    awaitCollected(loader);
  }

  @Test
  void theLoaderOfAFailedLoadIsCollected() {
    WeakReference<ClassLoader> loader = failToLoad();

    awaitCollected(loader);
  }

  @Test
  void aClosedMigrationPluginsLoaderIsCollected() {
    WeakReference<ClassLoader> loader = loadAndClosePlugin();

    awaitCollected(loader);
  }

  private static WeakReference<ClassLoader> loadAndClose(int transfers) {
    LoadedRuntime loaded =
        RuntimeLoader.create().loadRuntime(TestJars.sample(SampleJars.RUNTIME_2_0_0));
    MemoryState state = RuntimeLoaderTest.genesis(loaded.runtime());
    for (int i = 0; i < transfers; i++) {
      assertThat(RuntimeLoaderTest.transfer(loaded.runtime(), state))
          .isIn(Receipt.ok(), rejected());
    }
    loaded.runtime().invariants(state);
    WeakReference<ClassLoader> loader = new WeakReference<>(loaded.classLoader());
    loaded.close();
    return loader;
  }

  private static Receipt rejected() {
    // After 14 transfers alice runs out: later ones are rejected, which is fine for this test.
    return Receipt.failed("insufficient funds for a transfer of 7");
  }

  private static WeakReference<ClassLoader> failToLoad() {
    List<ClassLoader> created = new ArrayList<>();
    String impl = "com.example.rt.Throws";
    VerifiedJar jar =
        TestJars.builder("throws.jar")
            .runtime("1.0.0", impl)
            .classFile(
                GeneratedClasses.runtime(
                    impl,
                    RuntimeVersion.of(1, 0, 0),
                    GeneratedClasses.Fault.STATIC_INITIALIZER_THROWS))
            .build();

    assertThatThrownBy(() -> RuntimeLoader.observing(created::add).loadRuntime(jar))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessageContaining("static boom");
    return new WeakReference<>(created.get(0));
  }

  private static WeakReference<ClassLoader> loadAndClosePlugin() {
    LoadedMigrationPlugin plugin =
        RuntimeLoader.create().loadMigrationPlugin(TestJars.sample(SampleJars.ADD_STAKING));
    WeakReference<ClassLoader> loader = new WeakReference<>(plugin.classLoader());
    plugin.close();
    return loader;
  }

  private static void awaitCollected(WeakReference<ClassLoader> loader) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              System.gc();
              return loader.get() == null;
            });
  }
}
