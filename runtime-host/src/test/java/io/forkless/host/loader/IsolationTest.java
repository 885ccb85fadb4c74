package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pf4j.Extension;
import org.pf4j.ExtensionPoint;

class IsolationTest {

  private final FilteringParentClassLoader filter = FilteringParentClassLoader.create();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.google.common.collect.ImmutableList",
        "org.slf4j.LoggerFactory",
        "io.forkless.host.loader.RuntimeLoader",
        "io.forkless.host.ForklessException",
        "org.pf4j.DefaultPluginManager",
        "org.pf4j.PluginClassLoader",
        "org.objectweb.asm.ClassReader",
        "org.junit.jupiter.api.Test",
        "javax.script.ScriptEngineManager",
        "sun.misc.Unsafe",
        "jdk.internal.misc.Unsafe",
        "java.net.Socket",
        "java.util.concurrent.Executors",
        "java.time.Instant"
      })
  void runtimeCodeCannotSeeHostLibraryOrForbiddenJdkClasses(String className) {
    assertThatThrownBy(() -> Class.forName(className, false, filter))
        .isInstanceOf(ClassNotFoundException.class)
        .hasMessage(className + " is not visible to runtime and plugin code");
  }

  @Test
  void runtimeCodeSeesTheHostsApiPf4jMarkersAndAllowListedJdkClasses() throws Exception {
    assertThat(Class.forName("io.forkless.api.Runtime", false, filter)).isSameAs(Runtime.class);
    assertThat(Class.forName("org.pf4j.ExtensionPoint", false, filter))
        .isSameAs(ExtensionPoint.class);
    assertThat(Class.forName("org.pf4j.Extension", false, filter)).isSameAs(Extension.class);
    assertThat(Class.forName("java.util.TreeMap", false, filter)).isSameAs(java.util.TreeMap.class);
    assertThat(Class.forName("java.util.function.BiConsumer", false, filter))
        .isSameAs(java.util.function.BiConsumer.class);
  }

  @Test
  void filterAndJarLoaderServeNoResources() {
    VerifiedJar jar = TestJars.builder("res.jar").entry("data.txt", "secret").build();
    try (JarClassLoader loader = new JarClassLoader(jar, JarClasses.classFiles(jar), filter)) {
      assertThat(loader.getResource("data.txt")).isNull();
      assertThat(loader.getResource("META-INF/MANIFEST.MF")).isNull();
      assertThat(loader.getResource("java/lang/Object.class")).isNull();
      assertThat(loader.getResourceAsStream("data.txt")).isNull();
    }
  }

  @Test
  void aClassExtendingGuavaFailsToLoadInTheJarLoader() {
    VerifiedJar jar =
        TestJars.builder("guava.jar")
            .classFile(GeneratedClasses.extending("com.example.G", "com/google/common/base/Ticker"))
            .build();
    try (JarClassLoader loader = new JarClassLoader(jar, JarClasses.classFiles(jar), filter)) {
      assertThatThrownBy(() -> Class.forName("com.example.G", false, loader))
          .isInstanceOf(NoClassDefFoundError.class)
          .hasMessageContaining("com/google/common/base/Ticker");
    }
  }

  @Test
  void jarLoaderDefinesItsOwnClassesChildFirstFromMemory() throws Exception {
    String name = "com.example.rt.Own";
    VerifiedJar jar =
        TestJars.builder("own.jar")
            .classFile(
                GeneratedClasses.runtime(
                    name, RuntimeVersion.of(1, 0, 0), GeneratedClasses.Fault.NONE))
            .build();
    try (JarClassLoader loader = new JarClassLoader(jar, JarClasses.classFiles(jar), filter)) {
      Class<?> own = Class.forName(name, false, loader);
      assertThat(own.getClassLoader()).isSameAs(loader);
      assertThat(Runtime.class.isAssignableFrom(own)).isTrue();
      assertThat(own.getProtectionDomain().getCodeSource().getLocation()).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "java.lang.Evil",
        "javax.crypto.Evil",
        "io.forkless.api.Evil",
        "io.forkless.host.Evil",
        "io.forkless.host.loader.RuntimeLoader",
        "org.pf4j.Evil"
      })
  void refusesAJarDefiningAClassInAReservedPackage(String className) {
    VerifiedJar jar =
        TestJars.builder("shadow.jar")
            .runtime("1.0.0", className)
            .classFile(GeneratedClasses.extending(className, "java/lang/Object"))
            .build();
    String reservedPackage =
        JarClasses.RESERVED_PACKAGES.stream()
            .filter(p -> className.replace('.', '/').startsWith(p))
            .findFirst()
            .orElseThrow()
            .replace('/', '.');

    assertThatThrownBy(() -> RuntimeLoader.create().loadRuntime(jar))
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class,
            e ->
                assertThat(e.reasons())
                    .contains(
                        className
                            + " -> defines a class in reserved package "
                            + reservedPackage
                            + "*"));
  }

  @Test
  void refusesAClassStoredUnderAnotherClassesPath() {
    VerifiedJar jar =
        TestJars.builder("moved.jar")
            .entry(
                "com/example/Innocent.class",
                GeneratedClasses.extending("com.example.Other", "java/lang/Object"))
            .build();

    assertThat(JarClasses.placementProblems(jar))
        .isEqualTo(List.of("com/example/Innocent.class -> declares class com.example.Other"));
  }
}
