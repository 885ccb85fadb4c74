package io.forkless.host.upgrade;

import io.forkless.api.BlockContext;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.StateStore;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns a stepped migration's upgrade to the pre-upgrade state: the runtime keys to the snapshot,
 * the migration's record and cursor gone, and every runtime transaction since the activation queued
 * for re-execution on the previous runtime. Either in the block that decides it (a paused plan's
 * failure, a cancel: that block carries no user transaction the producer chose against the state it
 * sets back), or, for a plan that let users in and failed by itself, at the start of the next block
 * ({@link FailingBack}): the failing block already carried users' transactions chosen against the
 * migrating state, so it only records the failure and they run as in the blocks before; the next
 * block, which the producer knows about and fills with no user transaction, fails back and
 * re-executes them too. Called under the coordinator's lock.
 */
final class MigrationFailBack {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  private final StateStore store;
  private final RollbackSnapshots snapshots;

  /** The recorded fail-back the block in execution ran, released once it commits. */
  private @Nullable FailingBack ranInBlock;

  MigrationFailBack(StateStore store, RollbackSnapshots snapshots) {
    this.store = store;
    this.snapshots = snapshots;
  }

  /** A block starts: forget what an aborted attempt did. */
  void beginBlock() {
    ranInBlock = null;
  }

  /** Whether the block in execution ran a recorded fail-back. */
  boolean ranInBlock() {
    return ranInBlock != null;
  }

  /**
   * Fails {@code m} back within the block at {@code ctx}.
   *
   * @param reexecuteFrom the first height that re-executes the queued transactions
   * @return how many transactions were queued
   */
  int now(
      BlockContext ctx,
      Overlay block,
      MigratingUpgrade m,
      SnapshotId snapshot,
      long reexecuteFrom) {
    store.writeSnapshotDiff(snapshot, block, k -> !HostNamespace.isHostKey(k));
    block.delete(SteppedMigrationDriver.CURSOR_KEY);
    LifecycleRecords.clearMigrating(block);
    List<byte[]> again =
        ForwardRollback.transactionsSince(store, m.activationHeight(), ctx.height());
    if (!again.isEmpty()) {
      LifecycleRecords.enqueue(block, again, reexecuteFrom);
    }
    return again.size();
  }

  /**
   * Records that {@code m} failed in the block at {@code ctx} and fails back in the next: its
   * record and cursor go (no share runs any more), the fail-back's record comes.
   */
  void defer(BlockContext ctx, Overlay block, MigratingUpgrade m, String cause) {
    block.delete(SteppedMigrationDriver.CURSOR_KEY);
    LifecycleRecords.clearMigrating(block);
    new FailingBack(m, ctx.height(), cause).put(block);
  }

  /**
   * Runs the fail-back the previous block recorded, if any, before anything else of the block's
   * runtime phase; the queued transactions re-execute from this block on (before its own runtime
   * transactions, of which a block made by the producer has none).
   *
   * @return whether one ran
   * @throws BlockProductionHaltedException when this node lacks the pre-upgrade snapshot
   */
  boolean runRecorded(BlockContext ctx, Overlay block) {
    Optional<FailingBack> recorded = FailingBack.read(block);
    if (recorded.isEmpty()) {
      return false;
    }
    FailingBack f = recorded.get();
    MigratingUpgrade m = f.upgrade();
    SnapshotId snapshot =
        snapshots
            .of(m.upgradeId())
            .orElseThrow(
                () ->
                    new BlockProductionHaltedException(
                        "upgrade "
                            + m.upgradeId()
                            + " failed at height "
                            + f.failedHeight()
                            + " and must return to the state before height "
                            + m.activationHeight()
                            + ", but this node has no snapshot of it: replay the chain from a node"
                            + " that executed the activation, or restore the data folder from a"
                            + " backup"));
    int queued = now(ctx, block, m, snapshot, ctx.height());
    FailingBack.clear(block);
    ranInBlock = f;
    log.warn(
        "Upgrade {} to {} failed back at height {} (it failed at height {}: {}): runtime state"
            + " returned to that before height {}; {} transactions re-execute on {} from this"
            + " block on, then users' pending transactions",
        m.upgradeId(),
        m.upgradedVersion(),
        ctx.height(),
        f.failedHeight(),
        f.cause(),
        m.activationHeight(),
        queued,
        m.previousVersion());
    return true;
  }

  /** The block was committed: the snapshot of the upgrade it failed back is released. */
  void afterCommit() {
    FailingBack f = ranInBlock;
    ranInBlock = null;
    if (f != null) {
      snapshots.of(f.upgrade().upgradeId()).ifPresent(snapshots::release);
    }
  }
}
