package io.forkless.host.upgrade;

import io.forkless.api.BlockContext;
import io.forkless.api.State;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.StateStore;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeRolledBack;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollbacks as blocks see them: the embedder's requested rollback (done in the next block), the
 * governance rollback a block's host transaction does, and the re-execution of the queued
 * transactions that follows, with what the block in execution did for its records and events.
 * Called under the coordinator's lock.
 */
final class BlockRollbacks {

  private static final Logger log = LoggerFactory.getLogger(UpgradeCoordinator.class);

  private final StateStore store;
  private final ForwardRollback rollbacks;

  /** Set by the embedder's {@code rollbackUpgrade()}: done in the next block. */
  private OptionalLong requestedRollback = OptionalLong.empty();

  /** What the block in execution did beyond its transactions, for its records and events. */
  private List<Reexecution.Entry> blockReexecuted = List.of();

  private @Nullable UpgradeRolledBack blockRolledBack;

  BlockRollbacks(StateStore store, ForwardRollback rollbacks) {
    this.store = store;
    this.rollbacks = rollbacks;
  }

  /** Forgets what an aborted attempt at a block did. */
  void beginBlock() {
    blockReexecuted = List.of();
    blockRolledBack = null;
  }

  /** Before the block's runtime is chosen: the embedder's requested rollback, if any. */
  void beforeRuntime(Overlay blockOverlay, BlockContext ctx) {
    blockReexecuted = List.of();
    if (requestedRollback.isPresent() && blockRolledBack == null) {
      blockRolledBack = rollbacks.apply(blockOverlay, ctx, requestedRollback.getAsLong());
    }
  }

  /** Re-executes the queued transactions under the block's runtime. */
  void reexecute(Overlay blockOverlay, BlockContext ctx, RuntimeBinding binding) {
    blockReexecuted = Reexecution.run(blockOverlay, ctx, binding);
  }

  /** The governance rollback's host transaction. */
  UpgradeRolledBack inBlock(State state, BlockContext ctx, long upgradeId) {
    UpgradeRolledBack done = rollbacks.apply(state, ctx, upgradeId);
    blockRolledBack = done;
    return done;
  }

  /** The block's re-executed transactions, into its chain records. */
  void addChainRecords(long height, ChainWrites writes) {
    Reexecution.record(height, blockReexecuted, writes);
  }

  /**
   * The block was committed.
   *
   * @return the rollback it did, or null
   */
  @Nullable UpgradeRolledBack afterCommit() {
    blockReexecuted = List.of();
    UpgradeRolledBack rolledBack = blockRolledBack;
    blockRolledBack = null;
    if (rolledBack != null) {
      requestedRollback = OptionalLong.empty();
    }
    return rolledBack;
  }

  /**
   * The embedder's rollback of the last retained upgrade, done in the next block.
   *
   * @throws UpgradeRefusedException when there is no executed upgrade to roll back
   */
  UpgradeCoordinator.Rollback request(UpgradeHistory history, int maxRetained) {
    List<RetainedUpgrade> retained = LifecycleRecords.retained(store.committed());
    if (retained.isEmpty()) {
      throw new UpgradeRefusedException(
          "no executed upgrade to roll back (or its snapshot was pruned; max_snapshots is "
              + maxRetained
              + ")");
    }
    RetainedUpgrade last = retained.get(retained.size() - 1);
    ForwardRollback.check(store.committed(), last.upgradeId());
    requestedRollback = OptionalLong.of(last.upgradeId());
    UpgradeRecord record = history.recordOf(last);
    log.warn(
        "Rollback of upgrade {} ({} -> {}) requested: the next block restores the state after"
            + " height {}",
        last.upgradeId(),
        last.upgradedVersion(),
        last.previousVersion(),
        last.activationHeight() - 1);
    return new UpgradeCoordinator.Rollback(record, last.activationHeight() - 1);
  }
}
