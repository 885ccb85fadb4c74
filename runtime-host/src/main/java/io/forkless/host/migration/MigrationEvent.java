package io.forkless.host.migration;

/**
 * What a multi-block migration did in a block, published by {@link SteppedMigrationDriver} after
 * the block's share ran (for logs, metrics, RPC and the dashboard).
 */
public sealed interface MigrationEvent {

  /** The upgrade whose plan runs. */
  long upgradeId();

  /** The migration concerned. */
  String migration();

  /** The height of the block it happened in. */
  long height();

  /** A migration of the plan took its first step. */
  record Started(long upgradeId, String migration, long height) implements MigrationEvent {}

  /** A block's share of a migration ran; the migration is not done yet. */
  record Stepped(
      long upgradeId, String migration, long height, long keysThisBlock, MigrationCursor at)
      implements MigrationEvent {}

  /** A migration returned no further cursor. */
  record Completed(long upgradeId, String migration, long height, long keysWritten, long blocks)
      implements MigrationEvent {}

  /**
   * A migration's stepped validation (after the plan's migrations) passed.
   *
   * @param keysRead keys its validation read, before and after together
   * @param blocks blocks its validation used
   */
  record Validated(long upgradeId, String migration, long height, long keysRead, long blocks)
      implements MigrationEvent {}

  /** A step threw, overran its budget or returned a bad cursor; its writes were discarded. */
  record Failed(long upgradeId, String migration, long height, String reason)
      implements MigrationEvent {}
}
