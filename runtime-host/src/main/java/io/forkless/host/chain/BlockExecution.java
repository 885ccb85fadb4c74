package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.metering.MeteredExecution;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.StagedCommit;
import io.forkless.host.state.StateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Executes one block on a parent into a staged (not committed) overlay: host transactions first,
 * then the runtime phase under the block's metering, then the header from the staged state root.
 * The single execution path of a {@link Chain}, for producing and importing alike; the caller holds
 * the chain's execution lock.
 */
final class BlockExecution {

  private final StateStore store;
  private final String chainId;
  private final ExecutionHooks hooks;

  BlockExecution(StateStore store, String chainId, ExecutionHooks hooks) {
    this.store = store;
    this.chainId = chainId;
    this.hooks = hooks;
  }

  /**
   * {@code transactions} without those already included ({@code included}) or repeated in the list,
   * in their order: no transaction is ever recorded twice.
   */
  static List<Transaction> fresh(List<Transaction> transactions, Predicate<HashCode> included) {
    List<Transaction> fresh = new ArrayList<>();
    Set<HashCode> seen = new HashSet<>();
    for (Transaction tx : transactions) {
      HashCode h = tx.hash();
      if (seen.add(h) && !included.test(h)) {
        fresh.add(tx);
      }
    }
    return fresh;
  }

  /**
   * Executes {@code txs} as the block after {@code parent}, starting with the runtime {@code
   * current}, and stages the result.
   *
   * @param given the block being imported, whose header the execution must reproduce; null when
   *     producing
   * @throws BlockRejectedException if {@code given}'s header differs from the executed one; nothing
   *     staged
   * @throws BlockProductionHaltedException from {@link ExecutionHooks#beginRuntimePhase}; nothing
   *     staged
   */
  PreparedBlock prepare(
      Block parent,
      RuntimeBinding current,
      List<Transaction> txs,
      long timestampMillis,
      @Nullable Block given) {
    BlockContext ctx =
        new BlockContext(chainId, parent.height() + 1, timestampMillis, HostCrypto.INSTANCE);
    Overlay overlay = store.overlay();
    boolean staged = false;
    try {
      hooks.beginBlock(ctx);
      TxReceipt[] receipts = new TxReceipt[txs.size()];
      for (int i = 0; i < txs.size(); i++) {
        Transaction tx = txs.get(i);
        if (tx.kind() == Transaction.Kind.HOST) {
          receipts[i] =
              Isolation.isolated(
                  overlay, tx, o -> hooks.applyHostTransaction(o, ctx, tx.payload()));
        }
      }
      RuntimeBinding executor = hooks.beginRuntimePhase(ctx, overlay, current);
      // Metering (#13): the block's step budget from the chain parameters; each transaction runs
      // under its own meter and a passed limit is a rejected receipt, never an exception.
      // A multi-block migration's share ran first: the transactions get what it left.
      MeteredExecution metered =
          MeteredExecution.beginBlock(overlay, hooks.migrationStepsThisBlock());
      for (int i = 0; i < txs.size(); i++) {
        Transaction tx = txs.get(i);
        if (tx.kind() == Transaction.Kind.RUNTIME) {
          receipts[i] =
              Isolation.isolated(
                  overlay,
                  tx,
                  o ->
                      metered.apply(executor.runtime(), HostNamespace.guard(o), ctx, tx.payload()));
        }
      }
      StagedCommit stagedCommit = store.stage(overlay);
      BlockHeader header =
          new BlockHeader(
              chainId,
              ctx.height(),
              parent.hash(),
              timestampMillis,
              BlockHeader.txRoot(txs),
              stagedCommit.stateRoot(),
              executor.version(),
              executor.codeHash());
      if (given != null && !given.header().equals(header)) {
        throw new BlockRejectedException(
            "block "
                + ctx.height()
                + " "
                + given.hash()
                + " rejected: executing it gives "
                + BlockChecks.differences(header, given.header()));
      }
      Block block = new Block(header, txs);
      List<TxReceipt> receiptList = List.of(receipts);
      ChainWrites writes = ChainRecords.writes(block, receiptList);
      hooks.addChainRecords(block.height(), writes);
      staged = true;
      return new PreparedBlock(
          new ExecutedBlock(block, receiptList, executor), overlay, stagedCommit, writes);
    } finally {
      if (!staged && !overlay.isClosed()) {
        overlay.discard();
      }
    }
  }
}
