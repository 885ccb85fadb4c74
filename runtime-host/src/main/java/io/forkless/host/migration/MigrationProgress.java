package io.forkless.host.migration;

/**
 * Receives a running migration's progress, e.g. to draw a progress bar. Called on the migrating
 * thread, possibly for every key: keep it cheap.
 */
@FunctionalInterface
public interface MigrationProgress {

  /** Ignores progress. */
  MigrationProgress NONE = (migration, processed, total) -> {};

  /**
   * @param migration the running migration's name
   * @param keysProcessed keys processed so far
   * @param estimatedTotal the migration's estimate of the total, 0 when unknown
   */
  void progress(String migration, long keysProcessed, long estimatedTotal);
}
