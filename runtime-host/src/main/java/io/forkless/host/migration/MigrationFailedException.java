package io.forkless.host.migration;

import io.forkless.host.ForklessException;
import java.util.Optional;

/**
 * A migration of an upgrade's plan threw, or its validation failed. Names the migration and, where
 * known, the key it failed at. The migration's writes were discarded.
 */
public final class MigrationFailedException extends ForklessException {

  private final String migrationName;
  private final byte @org.jspecify.annotations.Nullable [] key;

  public MigrationFailedException(
      String migrationName,
      byte @org.jspecify.annotations.Nullable [] key,
      String message,
      @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
    this.migrationName = migrationName;
    this.key = key == null ? null : key.clone();
  }

  /** The migration that failed. */
  public String migrationName() {
    return migrationName;
  }

  /** The key it failed at, when known. */
  public Optional<byte[]> key() {
    return Optional.ofNullable(key).map(byte[]::clone);
  }
}
