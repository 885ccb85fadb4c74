package io.forkless.host.loader;

import static io.forkless.host.loader.GeneratedClasses.Fault.CONSTRUCTOR_THROWS;
import static io.forkless.host.loader.GeneratedClasses.Fault.NONE;
import static io.forkless.host.loader.GeneratedClasses.Fault.STATIC_INITIALIZER_THROWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.loader.GeneratedClasses.Site;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeLoaderTest {

  private static final String IMPL = "com.example.rt.GeneratedRuntime";

  private final List<ClassLoader> created = new ArrayList<>();
  private final RuntimeLoader loader = RuntimeLoader.observing(created::add);

  @ParameterizedTest
  @CsvSource({
    SampleJars.RUNTIME_1_0_0 + ", 1.0.0, io.forkless.sample.balances.v1_0.BalancesRuntime",
    SampleJars.RUNTIME_1_1_0 + ", 1.1.0, io.forkless.sample.balances.v1_1.BalancesRuntime",
    SampleJars.RUNTIME_2_0_0 + ", 2.0.0, io.forkless.sample.balances.v2_0.BalancesRuntime"
  })
  void loadsEachSampleRuntimeWithTheVersionItsManifestDeclares(
      String fileName, String version, String implementation) {
    VerifiedJar jar = TestJars.sample(fileName);

    try (LoadedRuntime loaded = loader.loadRuntime(jar)) {
      assertThat(loaded.version()).isEqualTo(RuntimeVersion.parse(version));
      assertThat(loaded.codeHash()).isEqualTo(jar.codeHash());
      assertThat(loaded.signer()).isEqualTo(TestJars.signerChain().get(0));
      assertThat(loaded.implementationClass().getName()).isEqualTo(implementation);
      assertThat(loaded.implementationClass().getClassLoader()).isSameAs(loaded.classLoader());
    }
  }

  @Test
  void loadsOneZeroZeroAndTwoZeroZeroSideBySideAndRunsATransferOnEach() {
    try (LoadedRuntime v1 = loader.loadRuntime(TestJars.sample(SampleJars.RUNTIME_1_0_0));
        LoadedRuntime v2 = loader.loadRuntime(TestJars.sample(SampleJars.RUNTIME_2_0_0))) {
      MemoryState state1 = genesis(v1.runtime());
      MemoryState state2 = genesis(v2.runtime());

      assertThat(transfer(v1.runtime(), state1)).isEqualTo(Receipt.ok());
      assertThat(transfer(v2.runtime(), state2)).isEqualTo(Receipt.ok());
      assertThat(v1.runtime().invariants(state1)).containsEntry("totalSupply", "200");
      assertThat(v2.runtime().invariants(state2)).containsEntry("accountCount", "2");

      assertThat(v1.classLoader()).isNotSameAs(v2.classLoader());
      // 2.0.0's JAR contains 1.0.0's base class too: same name, two different classes.
      Class<?> base1 = v1.implementationClass();
      Class<?> base2 = v2.implementationClass().getSuperclass().getSuperclass();
      assertThat(base2.getName()).isEqualTo(base1.getName());
      assertThat(base2).isNotSameAs(base1);
      assertThat(base2.getClassLoader()).isSameAs(v2.classLoader());
      // Both share the one API Runtime interface from the host.
      assertThat(v1.runtime()).isInstanceOf(Runtime.class);
      assertThat(v2.runtime()).isInstanceOf(Runtime.class);
    }
  }

  @Test
  void closedRuntimeRefusesAccessWithItsState() {
    LoadedRuntime loaded = loader.loadRuntime(TestJars.sample(SampleJars.RUNTIME_1_0_0));
    loaded.close();
    loaded.close();

    assertThat(loaded.isOpen()).isFalse();
    assertThatThrownBy(loaded::runtime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runtime 1.0.0")
        .hasMessageEndingWith("expected OPEN but was CLOSED");
  }

  @Test
  void refusesAJarWithoutRuntimeImplementation() {
    VerifiedJar jar =
        TestJars.builder("none.jar")
            .attribute(RuntimeLoader.RUNTIME_VERSION_ATTRIBUTE, "1.0.0")
            .classFile(GeneratedClasses.runtime(IMPL, RuntimeVersion.of(1, 0, 0), NONE))
            .build();

    assertRefused(
        jar, "no Runtime implementation: META-INF/services/io.forkless.api.Runtime is missing");
  }

  @Test
  void refusesAServicesFileListingTwoImplementations() {
    VerifiedJar jar =
        TestJars.builder("two.jar")
            .runtime("1.0.0", IMPL, IMPL + "2")
            .classFile(GeneratedClasses.runtime(IMPL, RuntimeVersion.of(1, 0, 0), NONE))
            .classFile(GeneratedClasses.runtime(IMPL + "2", RuntimeVersion.of(1, 0, 0), NONE))
            .build();

    assertRefused(
        jar,
        "META-INF/services/io.forkless.api.Runtime lists 2 Runtime implementations ["
            + IMPL
            + ", "
            + IMPL
            + "2]; exactly one is required");
  }

  @Test
  void refusesAServicesFileListingAClassTheJarDoesNotContain() {
    VerifiedJar jar = TestJars.builder("missing.jar").runtime("1.0.0", IMPL).build();

    assertRefused(
        jar,
        "META-INF/services/io.forkless.api.Runtime lists "
            + IMPL
            + ", which the JAR does not contain");
  }

  @Test
  void refusesAListedClassThatDoesNotImplementRuntime() {
    VerifiedJar jar =
        TestJars.builder("not-runtime.jar")
            .runtime("1.0.0", IMPL)
            .classFile(GeneratedClasses.extending(IMPL, "java/lang/Object"))
            .build();

    assertRefused(jar, IMPL + " does not implement io.forkless.api.Runtime");
  }

  @Test
  void refusesAManifestVersionDifferentFromVersion() {
    VerifiedJar jar =
        TestJars.builder("mismatch.jar")
            .runtime("1.2.0", IMPL)
            .classFile(GeneratedClasses.runtime(IMPL, RuntimeVersion.of(1, 0, 0), NONE))
            .build();

    assertRefused(
        jar,
        "manifest declares Forkless-Runtime-Version 1.2.0 but "
            + IMPL
            + ".version() returns 1.0.0");
  }

  @Test
  void refusesAMissingOrMalformedManifestVersion() {
    VerifiedJar jar =
        TestJars.builder("bad-version.jar")
            .runtime("v1", IMPL)
            .classFile(GeneratedClasses.runtime(IMPL, RuntimeVersion.of(1, 0, 0), NONE))
            .build();

    assertRefused(
        jar,
        "manifest Forkless-Runtime-Version: runtime version must be MAJOR.MINOR.PATCH but was \"v1\"");
  }

  @Test
  void refusesAStaticInitializerThatThrowsWithItsCauseAndClosesTheLoader() {
    VerifiedJar jar =
        TestJars.builder("throws.jar")
            .runtime("1.0.0", IMPL)
            .classFile(
                GeneratedClasses.runtime(
                    IMPL, RuntimeVersion.of(1, 0, 0), STATIC_INITIALIZER_THROWS))
            .build();

    assertThatThrownBy(() -> loader.loadRuntime(jar))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessage(
            "refused throws.jar: "
                + IMPL
                + " static initializer threw java.lang.IllegalStateException: static boom")
        .cause()
        .hasMessage("java.lang.IllegalStateException: static boom");
    assertThat(created).singleElement().satisfies(RuntimeLoaderTest::assertClosed);
  }

  @Test
  void refusesAConstructorThatThrowsWithItsCause() {
    VerifiedJar jar =
        TestJars.builder("throws.jar")
            .runtime("1.0.0", IMPL)
            .classFile(
                GeneratedClasses.runtime(IMPL, RuntimeVersion.of(1, 0, 0), CONSTRUCTOR_THROWS))
            .build();

    assertThatThrownBy(() -> loader.loadRuntime(jar))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessageEndingWith(
            IMPL + " constructor threw java.lang.IllegalStateException: constructor boom")
        .cause()
        .hasMessage("java.lang.IllegalStateException: constructor boom");
    assertThat(created).singleElement().satisfies(RuntimeLoaderTest::assertClosed);
  }

  @Test
  void refusesBeforeInitialisingAnyClassWhenTheBytecodeHasViolations() {
    // The static initializer would throw if it ran: the refusal must name only the violation.
    VerifiedJar jar =
        TestJars.builder("evil.jar")
            .runtime("1.0.0", IMPL)
            .classFile(
                GeneratedClasses.runtime(
                    IMPL, RuntimeVersion.of(1, 0, 0), STATIC_INITIALIZER_THROWS))
            .classFile(
                GeneratedClasses.calling(
                    "com.example.rt.Clock", BytecodeVerifierTest.FORBIDDEN.get(0), Site.METHOD))
            .build();

    assertRefused(jar, "com.example.rt.Clock.run()V -> java.lang.System.currentTimeMillis()J");
    assertThat(created).isEmpty();
  }

  @Test
  void refusesARuntimeReferencingGuavaBeforeLoadingIt() {
    VerifiedJar jar =
        TestJars.builder("guava.jar")
            .runtime("1.0.0", IMPL)
            .classFile(GeneratedClasses.runtime(IMPL, RuntimeVersion.of(1, 0, 0), NONE))
            .classFile(
                GeneratedClasses.extending(
                    "com.example.rt.Helper", "com/google/common/collect/ImmutableList"))
            .build();

    assertRefused(jar, "com.example.rt.Helper -> com.google.common.collect.ImmutableList");
    assertThat(created).isEmpty();
  }

  @Test
  void listsEveryReasonAtOnce() {
    VerifiedJar jar =
        TestJars.builder("many.jar")
            .attribute(RuntimeLoader.RUNTIME_VERSION_ATTRIBUTE, "1.0.0")
            .classFile(GeneratedClasses.nativeMethod("com.example.rt.Native"))
            .classFile(GeneratedClasses.finalizer("com.example.rt.Finalizer"))
            .build();

    assertThatThrownBy(() -> loader.loadRuntime(jar))
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class,
            e ->
                assertThat(e.reasons())
                    .containsExactly(
                        "com.example.rt.Finalizer.finalize()V -> finalizer",
                        "com.example.rt.Native.now()J -> native method",
                        "no Runtime implementation: META-INF/services/io.forkless.api.Runtime is missing"));
  }

  private void assertRefused(VerifiedJar jar, String reason) {
    assertThatThrownBy(() -> loader.loadRuntime(jar))
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class,
            e -> {
              assertThat(e.source()).isEqualTo(jar.source());
              assertThat(e.reasons()).contains(reason);
            });
    created.forEach(RuntimeLoaderTest::assertClosed);
  }

  private static void assertClosed(ClassLoader loader) {
    assertThat(loader).isInstanceOf(JarClassLoader.class);
    assertThatThrownBy(() -> loader.loadClass(IMPL)).isInstanceOf(ClassNotFoundException.class);
  }

  static MemoryState genesis(Runtime runtime) {
    MemoryState state = new MemoryState();
    runtime.initGenesis(
        state, io.forkless.testing.Accounts.devGenesis(Map.of("alice", 100L, "bob", 100L)));
    return state;
  }

  static Receipt transfer(Runtime runtime, MemoryState state) {
    // alice's next nonce, as the runtime reports it
    String account =
        new String(
            runtime.query(state, "account alice".getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.US_ASCII);
    long nonce = Long.parseLong(account.replaceAll(".*\"nonce\":(\\d+).*", "$1"));
    return runtime.apply(
        state,
        io.forkless.testing.TestHostFunctions.block("test-chain", 1),
        io.forkless.testing.Accounts.dev("alice").sign("test-chain", nonce, "transfer bob 7"));
  }
}
