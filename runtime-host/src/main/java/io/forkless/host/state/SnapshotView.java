package io.forkless.host.state;

import io.forkless.api.StateView;

/**
 * The state of a snapshot, read-only, for as long as it is open (e.g. the pre-upgrade state a
 * multi-block migration's {@code validate} compares with, blocks after the snapshot was taken).
 */
public interface SnapshotView extends StateView, AutoCloseable {

  /** Releases what reading the snapshot holds open. Idempotent. */
  @Override
  void close();
}
