/**
 * The node's key-value state: {@link io.forkless.host.state.StateStore} with a RocksDB
 * implementation ({@link io.forkless.host.state.RocksStateStore#open}, the default) and an
 * in-memory one ({@link io.forkless.host.state.MemoryStateStore}, tests).
 *
 * <p><b>Writing.</b> {@code store.overlay()} gives an {@link io.forkless.host.state.Overlay} (an
 * {@link io.forkless.api.State}); {@code overlay.child()} nests another one (a transaction, or a
 * migration inside the activation block) that is either {@code mergeIntoParent()}ed or {@code
 * discard()}ed. {@code store.stage(overlay)} computes the new state root; {@code
 * store.commit(staged, chainWrites)} writes state, root and the chain layer's records (block,
 * receipts, head) in one atomic batch. Staging does not close the overlay (an upgrade can stage
 * mid-block to compare roots); writing it afterwards invalidates the staged commit. An overlay made
 * before another commit or a restore is refused. {@code RocksStateStore.compact()} settles the
 * database after a bulk load.
 *
 * <p><b>State root.</b> LtHash ({@link io.forkless.host.state.LtHash}): SHA-256 of a 1024 × 16-bit
 * lattice vector, the lane-wise sum of one vector per (key, value) entry; entry vectors come from
 * AES-256-CTR keyed by {@code SHA-256(u32be(len key) || key || value)}. Order independent; updating
 * costs one read and at most two entry vectors per written key.
 *
 * <p><b>Snapshots.</b> {@code snapshot()} → {@link io.forkless.host.state.SnapshotId}; {@code
 * restore(id)} brings back state, root and chain records byte for byte; at most {@code
 * StoreOptions.maxSnapshots} kept, oldest pruned.
 *
 * <p><b>Errors.</b> A data folder in use → {@link
 * io.forkless.host.state.DataFolderLockedException}; not a Forkless store → {@link
 * io.forkless.host.state.ForeignDataFolderException}; unreadable → {@link
 * io.forkless.host.state.CorruptDataFolderException}.
 */
@NullMarked
package io.forkless.host.state;

import org.jspecify.annotations.NullMarked;
