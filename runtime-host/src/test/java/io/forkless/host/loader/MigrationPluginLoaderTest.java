package io.forkless.host.loader;

import static io.forkless.host.loader.GeneratedClasses.Fault.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.MigrationContext;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.host.SampleJars;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationPluginLoaderTest {

  private static final String MIGRATION = "com.example.mig.Migration";

  private final RuntimeLoader loader = RuntimeLoader.create();

  @Test
  void loadsTheAddStakingPluginAndRunsItsMigration() {
    VerifiedJar jar = TestJars.sample(SampleJars.ADD_STAKING);

    try (LoadedMigrationPlugin plugin = loader.loadMigrationPlugin(jar)) {
      assertThat(plugin.pluginId()).isEqualTo("add_staking");
      assertThat(plugin.version()).isEqualTo("1.0.0");
      assertThat(plugin.codeHash()).isEqualTo(jar.codeHash());
      assertThat(plugin.migrations()).containsOnlyKeys("add_staking");
      StateMigration migration = plugin.migration("add_staking").orElseThrow();
      assertThat(plugin.implementationClasses().get("add_staking").getClassLoader())
          .isSameAs(plugin.classLoader());

      MemoryState state = new MemoryState();
      state.put(ascii("acct/alice"), new byte[] {0, 0, 0, 0, 0, 0, 0, 42});
      migration.migrate(state, context());
      assertThat(state.get(ascii("acct/alice")).orElseThrow()).hasSize(17).startsWith(2);
    }
  }

  @Test
  void loadsTwoVersionsOfTheSamePluginIdSideBySide() {
    try (LoadedMigrationPlugin v1 = loader.loadMigrationPlugin(plugin("p", "1.0.0"));
        LoadedMigrationPlugin v2 = loader.loadMigrationPlugin(plugin("p", "1.1.0"))) {
      assertThat(v1.pluginId()).isEqualTo(v2.pluginId());
      assertThat(v1.classLoader()).isNotSameAs(v2.classLoader());
      assertThat(v1.implementationClasses().get("m"))
          .isNotSameAs(v2.implementationClasses().get("m"));
    }
  }

  @Test
  void refusesADuplicateIdAndVersionWhileTheFirstIsLoadedAndAcceptsItAfterClose() {
    LoadedMigrationPlugin first = loader.loadMigrationPlugin(plugin("p", "1.0.0"));

    assertThatThrownBy(() -> loader.loadMigrationPlugin(plugin("p", "1.0.0")))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessageContaining("plugin p@1.0.0 is already loaded; close it first");

    first.close();
    try (LoadedMigrationPlugin again = loader.loadMigrationPlugin(plugin("p", "1.0.0"))) {
      assertThat(again.isOpen()).isTrue();
    }
  }

  @Test
  void refusesAManifestDeclaringPluginIdTwice() {
    VerifiedJar jar =
        TestJars.builder("dup.jar")
            .plugin("p", "1.0.0", MIGRATION)
            .rawManifestLine("Plugin-Id: q")
            .classFile(GeneratedClasses.migration(MIGRATION, "m", NONE))
            .build();

    assertThatThrownBy(() -> loader.loadMigrationPlugin(jar))
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class,
            e ->
                assertThat(e.reasons())
                    .containsExactly(
                        "manifest declares Plugin-Id 2 times; exactly once is required"));
  }

  @ParameterizedTest(name = "Plugin-Id \"{0}\"")
  @ValueSource(
      strings = {"", " ", "a b", "a/b", "a\\b", "..", "a..b", "../etc", "/abs", ".hidden", "tab\t"})
  void refusesAnEmptyOrPathLikePluginId(String id) {
    VerifiedJar jar =
        TestJars.builder("bad-id.jar")
            .plugin(id, "1.0.0", MIGRATION)
            .classFile(GeneratedClasses.migration(MIGRATION, "m", NONE))
            .build();

    assertThatThrownBy(() -> loader.loadMigrationPlugin(jar))
        .isInstanceOfSatisfying(
            RuntimeRejectedException.class,
            e ->
                assertThat(e.reasons())
                    .containsExactly(
                        "Plugin-Id must match "
                            + PluginDescriptor.ID_PATTERN
                            + " without '..' but was \""
                            + id
                            + "\""));
  }

  @Test
  void refusesAPluginWithoutExtensionIndex() {
    VerifiedJar jar =
        TestJars.builder("no-index.jar")
            .attribute("Plugin-Id", "p")
            .attribute("Plugin-Version", "1.0.0")
            .classFile(GeneratedClasses.migration(MIGRATION, "m", NONE))
            .build();

    assertThatThrownBy(() -> loader.loadMigrationPlugin(jar))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessage(
            "refused no-index.jar: no StateMigration extension: META-INF/extensions.idx is missing");
  }

  @Test
  void refusesAnExtensionThatIsNotAStateMigration() {
    VerifiedJar jar =
        TestJars.builder("not-migration.jar")
            .plugin("p", "1.0.0", MIGRATION)
            .classFile(GeneratedClasses.runtime(MIGRATION, RuntimeVersion.of(1, 0, 0), NONE))
            .build();

    assertThatThrownBy(() -> loader.loadMigrationPlugin(jar))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessageEndingWith(MIGRATION + " does not implement io.forkless.api.StateMigration");
  }

  @Test
  void refusesTwoExtensionsWithTheSameName() {
    VerifiedJar jar =
        TestJars.builder("same-name.jar")
            .plugin("p", "1.0.0", MIGRATION, MIGRATION + "2")
            .classFile(GeneratedClasses.migration(MIGRATION, "m", NONE))
            .classFile(GeneratedClasses.migration(MIGRATION + "2", "m", NONE))
            .build();

    assertThatThrownBy(() -> loader.loadMigrationPlugin(jar))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessage("refused same-name.jar: two extensions are named \"m\"");
    // The refused id and version are free again.
    loader.loadMigrationPlugin(plugin("p", "1.0.0")).close();
  }

  static VerifiedJar plugin(String id, String version) {
    return TestJars.builder(id + "-" + version + ".jar")
        .plugin(id, version, MIGRATION)
        .classFile(GeneratedClasses.migration(MIGRATION, "m", NONE))
        .build();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static MigrationContext context() {
    return new MigrationContext() {
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
}
