package io.forkless.api;

/**
 * What the host tells a running migration, and how the migration reports progress. Not thread-safe:
 * call it from the migration's own thread.
 */
public interface MigrationContext {

  /** The runtime version whose state layout the migration reads. */
  RuntimeVersion fromVersion();

  /** The runtime version whose state layout the migration writes. */
  RuntimeVersion toVersion();

  /**
   * Reports progress: {@code keysProcessed} so far out of an estimated {@code estimatedTotal} (0
   * when unknown). Cheap enough to call for every key.
   */
  void progress(long keysProcessed, long estimatedTotal);

  /**
   * True once the current {@link SteppedMigration#step} has used its share of the block's budget:
   * finish the key at hand and return the cursor. The host counts every key a step reads (each
   * {@code get}, each entry a scan visits) or writes; the share is a chain parameter. Always false
   * for a migration that runs in a single block.
   */
  default boolean budgetExhausted() {
    return false;
  }

  /** The host functions (signature verification, hashing), as runtimes get them. */
  HostFunctions host();
}
