package io.forkless.host.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.MigrationContext;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.testing.MemoryState;
import io.forkless.testplugins.ForgesGovernance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untrusted code is reached only through the host's handles, which guard the host namespace
 * themselves: a caller that hands loaded code the raw state (as a dry run might) still cannot let
 * it write or read a host key.
 */
class GuardedHandlesTest {

  @TempDir Path dir;

  private static final MigrationContext CONTEXT =
      new MigrationContext() {
        @Override
        public RuntimeVersion fromVersion() {
          return RuntimeVersion.of(1, 0, 0);
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

  @Test
  void aMigrationGivenTheRawStateCannotWriteAHostKey() {
    try (UpgradeTestbed bed = UpgradeTestbed.open(dir, Map.of("alice", 1L), 3)) {
      RuntimeCode code = TestPlugins.plugin(dir, "forges_governance", ForgesGovernance.class);
      try (LoadedMigrationPlugin plugin =
          bed.registry.loadPlugin(code.jar(), code.codeHash(), Instant.now())) {
        MemoryState raw = new MemoryState();
        assertThatThrownBy(
                () -> plugin.migration("forges_governance").orElseThrow().migrate(raw, CONTEXT))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("belong to the host");
        assertThat(raw.get(new byte[] {0, 'g', 'o', 'v', '/', 'o', 'p', 'e', 'n'})).isEmpty();
      }
    }
  }
}
