package io.forkless.host.chain;

import io.forkless.api.Receipt;
import io.forkless.host.state.Overlay;
import org.jspecify.annotations.Nullable;

/** One transaction on its own child overlay: its writes are kept only when it succeeds. */
final class Isolation {

  private Isolation() {}

  interface Apply {
    @Nullable Receipt apply(Overlay txOverlay);
  }

  /**
   * Runs one transaction on its own child overlay; keeps its writes only on success. Runtime code
   * is untrusted, so any exception or linkage/stack failure is a failed receipt.
   */
  static TxReceipt isolated(Overlay block, Transaction tx, Apply action) {
    Overlay child = block.child();
    Receipt receipt;
    try {
      receipt = action.apply(child);
    } catch (BlockProductionHaltedException e) {
      // A local failure (e.g. a missing snapshot or JAR) is this node's, not the transaction's.
      child.discard();
      throw e;
    } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
      child.discard();
      return new TxReceipt(
          tx.hash(), false, "execution failed: " + e.getClass().getName() + ": " + e.getMessage());
    }
    if (receipt == null) {
      child.discard();
      return new TxReceipt(tx.hash(), false, "execution failed: no receipt returned");
    }
    if (receipt.success() && !child.isClosed()) {
      child.mergeIntoParent();
      return new TxReceipt(tx.hash(), true, receipt.message());
    }
    if (receipt.keepWrites() && !child.isClosed()) {
      // Failed after authentication: the runtime's bookkeeping (the sender's nonce) stays.
      child.mergeIntoParent();
      return new TxReceipt(tx.hash(), false, receipt.message());
    }
    child.discard();
    String reason = receipt.message().isBlank() ? "rejected without a reason" : receipt.message();
    return new TxReceipt(tx.hash(), false, receipt.success() ? "overlay closed" : reason);
  }
}
