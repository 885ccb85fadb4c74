package io.forkless.host.state;

import com.google.common.hash.HashCode;
import io.forkless.api.StateView;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The node's committed key-value state, its state root, the chain records written with it, and
 * snapshots of all of these. Implementations: {@link RocksStateStore} (the node's default) and
 * {@link MemoryStateStore} (tests).
 *
 * <p>Changes go through an {@link Overlay}: {@link #overlay()}, write, {@link #stage} (computes the
 * new root incrementally: one read and two element hashes per written key), then {@link #commit},
 * one atomic batch holding the state writes, the new root and the chain records. A crash leaves
 * either all of a commit or none of it.
 *
 * <p>Thread-safety: reads ({@link #committed()}, {@link #stateRoot()}, {@link #chainGet}) may run
 * on any thread concurrently with one writer; commits, snapshots and restores are serialized.
 */
public interface StateStore extends AutoCloseable {

  /** A new top-level overlay over the current committed state. */
  Overlay overlay();

  /** A read-only view of the committed state (queries); scans see a consistent snapshot. */
  StateView committed();

  /** The root of the committed state. */
  HashCode stateRoot();

  /** The root computed from scratch over every committed entry (cost linear in state size). */
  HashCode recomputeStateRoot();

  /**
   * Computes the root the store will have once {@code overlay} is committed.
   *
   * @throws IllegalArgumentException if the overlay is a child or belongs to another store
   * @throws IllegalStateException if the overlay is closed or the store changed since it was made
   */
  StagedCommit stage(Overlay overlay);

  /**
   * The state root the store would have if {@code overlay} (top-level or child, with its ancestors'
   * writes) were committed now. Changes nothing; cost grows with the keys written, not the state
   * size.
   *
   * @throws IllegalArgumentException if the overlay belongs to another store
   */
  HashCode previewRoot(Overlay overlay);

  /**
   * Writes the staged overlay, its root and {@code chainWrites} in one atomic batch, then closes
   * the overlay.
   *
   * @throws IllegalStateException if the store committed or restored since the overlay was made
   * @throws io.forkless.host.ForklessException if the disk write fails (nothing is committed)
   */
  void commit(StagedCommit staged, ChainWrites chainWrites);

  /** A chain record written through {@link ChainWrites}. */
  Optional<byte[]> chainGet(byte[] key);

  /**
   * Takes a snapshot of the whole store (state, root, chain records), O(1) in state size for the
   * RocksDB store. Prunes the oldest snapshots beyond {@link StoreOptions#maxSnapshots()}.
   */
  SnapshotId snapshot();

  /**
   * Deletes a snapshot no longer needed (e.g. the one taken before an upgrade that failed), so that
   * it never crowds out one kept for rollback. Unknown ids are ignored.
   */
  void releaseSnapshot(SnapshotId id);

  /** The snapshots kept, oldest first. */
  List<SnapshotId> snapshots();

  /**
   * Makes the whole store byte-identical to when {@code id} was taken. Overlays and staged commits
   * made before become unusable. Crash-safe: after a crash the store reopens either as before or as
   * restored.
   *
   * @throws IllegalArgumentException if the snapshot is unknown (never taken or pruned)
   */
  void restore(SnapshotId id);

  /**
   * Writes into {@code target} the puts and deletes that make the committed state equal to the
   * state of snapshot {@code id}, for the keys {@code include} accepts (the others are left as they
   * are). Used by a forward rollback: the block that rolls back carries these writes, so they
   * commit in its one atomic batch and the chain records are never touched. Streams both states in
   * key order (cost linear in state size, memory constant).
   *
   * @return how many keys were written
   * @throws IllegalArgumentException if the snapshot is unknown (never taken or released)
   */
  long writeSnapshotDiff(SnapshotId id, io.forkless.api.State target, Predicate<byte[]> include);

  /**
   * Opens the state of snapshot {@code id} for reading; close it when done.
   *
   * @throws IllegalArgumentException if the snapshot is unknown (never taken or released)
   */
  SnapshotView openSnapshot(SnapshotId id);

  /** Releases the store (and its folder lock). Idempotent. */
  @Override
  void close();
}
