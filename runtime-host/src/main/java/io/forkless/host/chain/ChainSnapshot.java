package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.host.state.SnapshotId;

/**
 * A store snapshot taken by {@link Chain#snapshot()}, with the head it captured.
 *
 * @param id the store's snapshot
 * @param height the head height at the snapshot
 * @param blockHash the head block's hash at the snapshot
 */
public record ChainSnapshot(SnapshotId id, long height, HashCode blockHash) {}
