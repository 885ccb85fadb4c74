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

  /** The host functions (signature verification, hashing), as runtimes get them. */
  HostFunctions host();
}
