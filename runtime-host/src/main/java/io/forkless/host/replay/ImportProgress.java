package io.forkless.host.replay;

/**
 * Where an import is, after one more block of the file.
 *
 * @param height the height of the block just handled
 * @param lastHeight the height of the file's last block
 * @param step what happened to that block
 * @param blocksImported blocks executed and committed so far in this run
 * @param blocksSkipped blocks this node already had (same hash), so far in this run
 * @param transactionsImported transactions in the imported blocks so far in this run
 */
public record ImportProgress(
    long height,
    long lastHeight,
    Step step,
    long blocksImported,
    long blocksSkipped,
    long transactionsImported) {

  /** What the importer did with a block. */
  public enum Step {
    /** Executed, checked against its header and committed. */
    IMPORTED,
    /** Already on this node with the same hash: checked and skipped. */
    SKIPPED
  }
}
