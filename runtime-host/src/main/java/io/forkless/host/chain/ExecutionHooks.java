package io.forkless.host.chain;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.Overlay;
import java.util.List;

/**
 * What the layers above (upgrade, governance) plug into block execution. For each block, the chain
 * calls, on the executing thread and in this order:
 *
 * <ol>
 *   <li>{@link #beginBlock} once (also when an earlier attempt at this height was aborted);
 *   <li>{@link #applyHostTransaction} for every HOST transaction, in block order, each on its own
 *       child overlay (a rejection or an exception = failed receipt, writes discarded);
 *   <li>{@link #beginRuntimePhase} once: returns the runtime for all runtime transactions; then
 *       {@link #migrationStepsThisBlock} once;
 *   <li>the runtime's {@code apply} for every RUNTIME transaction (not a hook);
 *   <li>{@link #addChainRecords} (e.g. the receipts of re-executed transactions);
 *   <li>one atomic commit of state, block, receipts, head and those records;
 *   <li>{@link #afterCommit}.
 * </ol>
 *
 * Any exception from {@link #beginRuntimePhase} aborts the block: nothing is committed. Every
 * method has a no-op default; {@link #NONE} is the all-defaults instance.
 */
public interface ExecutionHooks {

  /** No hooks: host transactions are rejected, the runtime never changes. */
  ExecutionHooks NONE = new ExecutionHooks() {};

  /** Writes the host's genesis state (e.g. the validator set) after the runtime's. */
  default void initGenesis(State state) {}

  /** A block at {@code ctx} starts executing: forget whatever an aborted attempt left. */
  default void beginBlock(BlockContext ctx) {}

  /**
   * Executes one host transaction on {@code txOverlay}; its writes are kept only when the receipt
   * is a success.
   */
  default Receipt applyHostTransaction(State txOverlay, BlockContext ctx, byte[] payload) {
    return Receipt.rejected("this node has no handler for host transactions");
  }

  /**
   * Chooses the runtime that executes every runtime transaction of this block. An upgrade activates
   * here: migrate in {@code blockOverlay.child()}, merge it, and return the new binding.
   *
   * @throws BlockProductionHaltedException when this node cannot execute this block now (a local
   *     failure, e.g. a missing JAR); nothing is committed and production retries later
   */
  default RuntimeBinding beginRuntimePhase(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    return current;
  }

  /**
   * Metered steps the host's migration share used in this block before its runtime transactions (a
   * multi-block migration's step): called once after {@link #beginRuntimePhase}; the block's
   * runtime transactions get the block's step budget less these.
   */
  default long migrationStepsThisBlock() {
    return 0;
  }

  /**
   * Adds node records to the block's atomic commit (the chain column: not part of the state root).
   * Called once per executed block, after its runtime transactions, on the executing thread.
   */
  default void addChainRecords(long height, ChainWrites writes) {}

  /**
   * Called once the block is committed and the active runtime reference points at {@code
   * executedBy}. Must not throw: an exception reaches the caller, but the block stays committed.
   */
  default void afterCommit(Block block, List<TxReceipt> receipts, RuntimeBinding executedBy) {}
}
