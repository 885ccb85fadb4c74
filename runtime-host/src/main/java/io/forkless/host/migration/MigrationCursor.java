package io.forkless.host.migration;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where a multi-block migration stands, persisted in chain state under {@link
 * SteppedMigrationDriver#CURSOR_KEY} at the end of every block it runs in, so a restarted node
 * resumes from it and every node agrees on it.
 *
 * @param upgradeId the upgrade whose plan runs
 * @param migrationIndex the plan's migration now running (its position in the plan)
 * @param cursor the running migration's opaque cursor; empty before its first step
 * @param keysDone keys the running migration wrote so far
 * @param keysEstimated the running migration's own estimate of its total (0 when unknown)
 * @param migrationBlocks blocks the running migration has used so far
 * @param blocksUsed blocks the whole plan has used so far
 * @param largestStepKeys the most keys touched in one block so far
 */
public record MigrationCursor(
    long upgradeId,
    int migrationIndex,
    Optional<byte[]> cursor,
    long keysDone,
    long keysEstimated,
    long migrationBlocks,
    long blocksUsed,
    long largestStepKeys) {

  private static final byte FORMAT = 1;

  /** The position before the plan's first step. */
  public static MigrationCursor start(long upgradeId) {
    return new MigrationCursor(upgradeId, 0, Optional.empty(), 0, 0, 0, 0, 0);
  }

  /** Blocks still needed by the running migration at its pace so far, when it gave an estimate. */
  public Optional<Long> etaBlocks() {
    if (keysEstimated <= 0 || keysDone <= 0 || migrationBlocks <= 0) {
      return Optional.empty();
    }
    long left = Math.max(0, keysEstimated - keysDone);
    return Optional.of((left * migrationBlocks + keysDone - 1) / keysDone);
  }

  byte[] encode() {
    byte[] c = cursor.orElse(new byte[0]);
    return ByteBuffer.allocate(1 + 8 + 4 + 1 + 4 + c.length + 8 * 5)
        .put(FORMAT)
        .putLong(upgradeId)
        .putInt(migrationIndex)
        .put((byte) (cursor.isPresent() ? 1 : 0))
        .putInt(c.length)
        .put(c)
        .putLong(keysDone)
        .putLong(keysEstimated)
        .putLong(migrationBlocks)
        .putLong(blocksUsed)
        .putLong(largestStepKeys)
        .array();
  }

  /**
   * @throws IllegalStateException if {@code bytes} is not a cursor record (corrupt chain state)
   */
  static MigrationCursor decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (in.get() != FORMAT) {
        throw new IllegalStateException("unknown migration cursor format " + bytes[0]);
      }
      long upgradeId = in.getLong();
      int index = in.getInt();
      boolean present = in.get() == 1;
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IllegalStateException("truncated migration cursor record in chain state");
      }
      byte[] c = new byte[length];
      in.get(c);
      MigrationCursor out =
          new MigrationCursor(
              upgradeId,
              index,
              present ? Optional.of(c) : Optional.empty(),
              in.getLong(),
              in.getLong(),
              in.getLong(),
              in.getLong(),
              in.getLong());
      if (in.hasRemaining()) {
        throw new IllegalStateException("trailing bytes after a migration cursor record");
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException("truncated migration cursor record in chain state", e);
    }
  }
}
