package io.forkless.node.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarInspection;
import io.forkless.host.loader.JarVerifier;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.loader.RuntimeRejectedException;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.loader.VerifiedJar;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's checks of a runtime or migration-plugin JAR, run offline exactly as the node runs them
 * when a JAR is staged: {@link JarVerifier} (hash, archive shape, signature), then {@link
 * RuntimeLoader} (class placement, bytecode verifier, discovery, instantiation). The decision time
 * is now: the node decides at the block's timestamp, which is close to now for a JAR about to be
 * proposed.
 */
final class JarChecks {

  /** What a JAR holds. */
  enum Kind {
    RUNTIME,
    MIGRATION_PLUGIN,
    UNKNOWN
  }

  /**
   * Everything found about one JAR.
   *
   * @param inspection the verifier's offline inspection
   * @param kind a runtime, a migration plugin, or unknown when the JAR could not be read
   * @param migrations the names of a plugin's migrations (empty for a runtime)
   * @param pluginId a migration plugin's {@code Plugin-Id}, once it loaded
   * @param pluginVersion a migration plugin's {@code Plugin-Version}, once it loaded
   * @param problems every problem, the verifier's then the loader's; empty when the node accepts it
   */
  record Result(
      JarInspection inspection,
      Kind kind,
      ImmutableList<String> migrations,
      Optional<String> pluginId,
      Optional<String> pluginVersion,
      ImmutableList<String> problems) {
    /**
     * The version to show: a runtime's {@code Forkless-Runtime-Version}, a plugin's {@code
     * Plugin-Version}.
     */
    Optional<String> version() {
      return kind == Kind.MIGRATION_PLUGIN ? pluginVersion : inspection.declaredVersion();
    }

    boolean accepted() {
      return problems.isEmpty();
    }
  }

  private final JarVerifier verifier;
  private final RuntimeLoader loader = RuntimeLoader.create();
  private final Instant decisionTime = Instant.now();

  JarChecks(TrustAnchors trust) {
    this.verifier = JarVerifier.create(trust, ArchiveLimits.defaults());
  }

  /** Runs every check on {@code jar}; loads its code, then closes it again. Never throws. */
  Result inspect(Path jar) {
    JarInspection inspection = verifier.inspect(jar, decisionTime);
    List<String> problems = new ArrayList<>(inspection.problems());
    Kind kind = Kind.UNKNOWN;
    ImmutableList<String> migrations = ImmutableList.of();
    Optional<String> pluginId = Optional.empty();
    Optional<String> pluginVersion = Optional.empty();
    if (inspection.passed() && inspection.codeHash().isPresent()) {
      try {
        // Read again: the file may have changed since the inspection, and then this refuses it.
        VerifiedJar verified = verifier.verify(jar, inspection.codeHash().get(), decisionTime);
        kind = kindOf(verified);
        if (kind == Kind.MIGRATION_PLUGIN) {
          try (LoadedMigrationPlugin plugin = loader.loadMigrationPlugin(verified)) {
            migrations = ImmutableList.copyOf(plugin.migrations().keySet());
            pluginId = Optional.of(plugin.pluginId());
            pluginVersion = Optional.of(plugin.version());
          }
        } else {
          loader.loadRuntime(verified).close();
        }
      } catch (RuntimeRejectedException e) {
        problems.addAll(e.reasons());
      }
    }
    return new Result(
        inspection, kind, migrations, pluginId, pluginVersion, ImmutableList.copyOf(problems));
  }

  /**
   * Verifies and loads a runtime JAR; the caller closes it.
   *
   * @throws CliException listing every problem
   */
  LoadedRuntime loadRuntime(Path jar) {
    try {
      return loader.loadRuntime(verified(jar));
    } catch (RuntimeRejectedException e) {
      throw rejected(e);
    }
  }

  /**
   * Verifies and loads a migration-plugin JAR; the caller closes it.
   *
   * @throws CliException listing every problem
   */
  LoadedMigrationPlugin loadPlugin(Path jar) {
    try {
      return loader.loadMigrationPlugin(verified(jar));
    } catch (RuntimeRejectedException e) {
      throw rejected(e);
    }
  }

  private VerifiedJar verified(Path jar) {
    JarInspection inspection = verifier.inspect(jar, decisionTime);
    Optional<HashCode> hash = inspection.codeHash();
    if (!inspection.passed() || hash.isEmpty()) {
      throw new RuntimeRejectedException(jar.toString(), inspection.problems());
    }
    return verifier.verify(jar, hash.get(), decisionTime);
  }

  private static CliException rejected(RuntimeRejectedException e) {
    return new CliException(
        "the node would refuse "
            + e.source()
            + ": "
            + String.join("; ", e.reasons())
            + " (see `forkless runtime inspect`)",
        e);
  }

  private static Kind kindOf(VerifiedJar jar) {
    if (jar.entry(RuntimeLoader.RUNTIME_SERVICES).isPresent()) {
      return Kind.RUNTIME;
    }
    if (jar.entry("META-INF/extensions.idx").isPresent()) {
      return Kind.MIGRATION_PLUGIN;
    }
    return Kind.RUNTIME; // the runtime loader then says what is missing
  }
}
