package io.forkless.testkit;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarVerifier;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies and loads JARs exactly as a node stages them ({@link JarVerifier}: code hash, archive
 * shape, signature and trust; {@link RuntimeLoader}: class placement, bytecode verifier, isolated
 * loader) and closes everything it loaded when closed. Signatures are checked at the current time
 * (a local gate, as {@code forkless runtime inspect} does), not at the chain's fixed block times.
 */
final class KitLoader implements AutoCloseable {

  private final JarVerifier verifier;
  private final RuntimeLoader loader = RuntimeLoader.create();
  private final List<AutoCloseable> opened = new ArrayList<>();

  KitLoader(Signers signers) {
    this.verifier = JarVerifier.create(signers.anchors(), ArchiveLimits.defaults());
  }

  /**
   * @throws io.forkless.host.loader.RuntimeRejectedException listing every reason a node would
   *     refuse the JAR
   */
  LoadedRuntime runtime(Path jar) {
    LoadedRuntime runtime = loader.loadRuntime(verifier.verify(jar, hash(jar), Instant.now()));
    opened.add(runtime);
    return runtime;
  }

  /**
   * @throws io.forkless.host.loader.RuntimeRejectedException listing every reason a node would
   *     refuse the JAR
   */
  LoadedMigrationPlugin plugin(Path jar) {
    LoadedMigrationPlugin plugin =
        loader.loadMigrationPlugin(verifier.verify(jar, hash(jar), Instant.now()));
    opened.add(plugin);
    return plugin;
  }

  static HashCode hash(Path jar) {
    try {
      return Hashing.sha256().hashBytes(Files.readAllBytes(jar));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing a class loader only releases it; nothing a test could act on.
      }
    }
    opened.clear();
  }
}
