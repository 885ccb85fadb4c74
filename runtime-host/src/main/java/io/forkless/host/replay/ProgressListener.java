package io.forkless.host.replay;

/**
 * Told where an import is after each block, on the importing thread; it should return quickly
 * (print every N blocks, for example).
 */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores progress. */
  ProgressListener NONE = p -> {};

  void onBlock(ImportProgress progress);
}
