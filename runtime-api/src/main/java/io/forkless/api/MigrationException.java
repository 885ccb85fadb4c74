package io.forkless.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A migration or its validation failed. Carries the migration's name and, where known, the key it
 * failed at, so operators can find the offending record.
 */
public class MigrationException extends RuntimeException {

  private final String migrationName;
  private final byte[] key;

  /** A failure not tied to one key. */
  public MigrationException(String migrationName, String message) {
    this(migrationName, null, message, null);
  }

  /** A failure at {@code key}. */
  public MigrationException(String migrationName, byte[] key, String message) {
    this(migrationName, key, message, null);
  }

  /** A failure at {@code key} (may be null when unknown) caused by {@code cause} (may be null). */
  public MigrationException(String migrationName, byte[] key, String message, Throwable cause) {
    super(
        "migration '"
            + Objects.requireNonNull(migrationName, "migrationName")
            + "' failed"
            + (key == null ? "" : " at key " + describe(key))
            + ": "
            + message,
        cause);
    this.migrationName = migrationName;
    this.key = key == null ? null : key.clone();
  }

  /** The name of the migration that failed. */
  public String migrationName() {
    return migrationName;
  }

  /** The key the migration failed at, when known. */
  public Optional<byte[]> key() {
    return Optional.ofNullable(key).map(byte[]::clone);
  }

  /** A key as text when it is printable ASCII, as hex otherwise. */
  static String describe(byte[] key) {
    boolean printable = true;
    for (byte b : key) {
      if (b < 0x20 || b > 0x7e) {
        printable = false;
        break;
      }
    }
    if (printable) {
      return "'" + new String(key, java.nio.charset.StandardCharsets.US_ASCII) + "'";
    }
    StringBuilder hex = new StringBuilder("0x");
    for (byte b : key) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }
}
