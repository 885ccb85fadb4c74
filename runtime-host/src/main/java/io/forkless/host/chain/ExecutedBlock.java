package io.forkless.host.chain;

import java.util.List;

/**
 * A committed block with its receipts (one per transaction, in block order) and the runtime that
 * executed it.
 */
public record ExecutedBlock(Block block, List<TxReceipt> receipts, RuntimeBinding executedBy) {

  public ExecutedBlock {
    receipts = List.copyOf(receipts);
  }
}
