package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where this node finds the runtime and plugin JARs that governance approved by code hash, e.g. its
 * plugins folder. Finding a file proves nothing: every JAR found is verified again before use.
 */
@FunctionalInterface
public interface CodeRepository {

  /** Finds no code: every upgrade must be given its code explicitly. */
  CodeRepository NONE = hash -> Optional.empty();

  /** A file whose SHA-256 is {@code codeHash}, if this node has one. */
  Optional<Path> find(HashCode codeHash);
}
