package io.forkless.host.upgrade;

import com.google.common.base.Stopwatch;
import io.forkless.api.BlockContext;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.Transaction;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.StateStore;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeRolledBack;
import java.util.ArrayList;
import java.util.List;

/**
 * A rollback that moves forward: executed inside the block that carries it, it writes into that
 * block the state of the pre-upgrade snapshot (runtime keys only: the host's records, governance
 * and lifecycle, stay as they are), re-activates the retained previous runtime, and queues every
 * runtime transaction of the blocks since the activation for re-execution in the following blocks.
 * No block is reverted and no height reused; all of it commits in the block's one atomic batch.
 */
final class ForwardRollback {

  private final StateStore store;
  private final RollbackSnapshots snapshots;
  private final RuntimeRegistry registry;

  ForwardRollback(StateStore store, RollbackSnapshots snapshots, RuntimeRegistry registry) {
    this.store = store;
    this.snapshots = snapshots;
    this.registry = registry;
  }

  /**
   * The retained upgrade that a rollback of {@code upgradeId} would undo, if the state allows it.
   *
   * @throws UpgradeRefusedException saying why not: no retained upgrade, not the last one, or the
   *     previous rollback's transactions are still being re-executed
   */
  static RetainedUpgrade check(StateView state, long upgradeId) {
    var migrating = LifecycleRecords.migrating(state);
    if (migrating.isPresent()) {
      throw new UpgradeRefusedException(
          "upgrade "
              + upgradeId
              + " cannot be rolled back while upgrade "
              + migrating.get().upgradeId()
              + " is migrating (since height "
              + migrating.get().activationHeight()
              + "): cancel that upgrade first, or roll back once it executed");
    }
    var failing = FailingBack.read(state);
    if (failing.isPresent()) {
      throw new UpgradeRefusedException(
          "upgrade "
              + upgradeId
              + " cannot be rolled back in this block: upgrade "
              + failing.get().upgrade().upgradeId()
              + " failed at height "
              + failing.get().failedHeight()
              + " and this block returns the state to that before height "
              + failing.get().upgrade().activationHeight()
              + "; roll back once that is done (in the next blocks)");
    }
    List<RetainedUpgrade> retained = LifecycleRecords.retained(state);
    if (retained.isEmpty()) {
      throw new UpgradeRefusedException(
          "upgrade "
              + upgradeId
              + " cannot be rolled back: no executed upgrade is retained for rollback (none ran,"
              + " it was already rolled back, or it was pruned beyond max_snapshots)");
    }
    RetainedUpgrade last = retained.get(retained.size() - 1);
    if (last.upgradeId() != upgradeId) {
      throw new UpgradeRefusedException(
          "upgrade "
              + upgradeId
              + " is not the last executed upgrade: that is upgrade "
              + last.upgradeId()
              + " ("
              + last.previousVersion()
              + " -> "
              + last.upgradedVersion()
              + "); only the last one can be rolled back");
    }
    long queued = LifecycleRecords.queue(state).size();
    if (queued > 0) {
      throw new UpgradeRefusedException(
          queued
              + " transactions of the previous rollback are still being re-executed; roll back"
              + " again once they are (in a few blocks)");
    }
    return last;
  }

  /**
   * The runtime transactions of the committed blocks {@code [from, to)}, in block order, each
   * block's re-executed ones first (as they ran): what a return to the state before {@code from}
   * must execute again.
   */
  static List<byte[]> transactionsSince(StateStore store, long from, long to) {
    List<byte[]> again = new ArrayList<>();
    for (long h = from; h < to; h++) {
      long height = h;
      Block block =
          Chain.storedBlock(store, h)
              .orElseThrow(() -> new IllegalStateException("block " + height + " missing"));
      again.addAll(Reexecution.payloadsAt(store, h));
      for (Transaction tx : block.transactions()) {
        if (tx.kind() == Transaction.Kind.RUNTIME) {
          again.add(tx.payload());
        }
      }
    }
    return again;
  }

  /**
   * Rolls upgrade {@code upgradeId} back within the block at {@code ctx}, writing into {@code
   * state} (the block's overlay or a child of it).
   *
   * @throws UpgradeRefusedException as {@link #check}
   * @throws BlockProductionHaltedException when this node lacks the pre-upgrade snapshot or the
   *     previous runtime's JAR (a local failure: it must not go on differently from the others)
   */
  UpgradeRolledBack apply(State state, BlockContext ctx, long upgradeId) {
    Stopwatch watch = Stopwatch.createStarted();
    RetainedUpgrade u = check(state, upgradeId);
    SnapshotId snapshot =
        snapshots
            .of(upgradeId)
            .orElseThrow(
                () ->
                    new BlockProductionHaltedException(
                        "upgrade "
                            + upgradeId
                            + " is rolled back at height "
                            + ctx.height()
                            + " but this node has no snapshot of the state before it (height "
                            + (u.activationHeight() - 1)
                            + "): replay the chain from a node that executed the upgrade, or"
                            + " restore the data folder from a backup"));
    // Loads (or finds loaded) the previous runtime; halts when its JAR is missing.
    RuntimeBinding previous = registry.apply(u.previousCodeHash());
    List<byte[]> again = transactionsSince(store, u.activationHeight(), ctx.height());
    int blocks = (int) (ctx.height() - u.activationHeight());
    store.writeSnapshotDiff(snapshot, state, k -> !HostNamespace.isHostKey(k));
    LifecycleRecords.enqueue(state, again, ctx.height() + 1);
    // Only the last upgrade can be rolled back, once: the older snapshots predate blocks whose
    // transactions this rollback re-executes, so they no longer describe a state to return to.
    LifecycleRecords.putRetained(state, List.of());
    LifecycleRecords.putActiveRuntime(state, previous.version(), previous.codeHash());
    return new UpgradeRolledBack(
        upgradeId,
        u.upgradedVersion(),
        u.previousVersion(),
        ctx.height(),
        u.activationHeight() - 1,
        blocks,
        again.size(),
        watch.elapsed());
  }
}
