package io.forkless.host.upgrade;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.codec.Codec;
import io.forkless.host.metering.MeteredExecution;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.StateStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-executes the runtime transactions a rollback queued, a bounded number per block, before the
 * block's own runtime transactions, under the block's runtime. Their receipts are chain records of
 * the block that re-executed them ({@link LifecycleRecords#reexecutedKey}); the receipts they had
 * first stay as they were.
 */
final class Reexecution {

  /** Queued transactions re-executed per block at most: a consensus constant. */
  static final int PER_BLOCK = 1_000;

  /** A re-executed transaction and what it did this time. */
  record Entry(byte[] payload, TxReceipt receipt) {}

  private Reexecution() {}

  /** Runs the transactions due at {@code ctx} in {@code block}; returns them with receipts. */
  static List<Entry> run(Overlay block, BlockContext ctx, RuntimeBinding executor) {
    List<byte[]> due = LifecycleRecords.take(block, PER_BLOCK, ctx.height());
    List<Entry> out = new ArrayList<>(due.size());
    // Metering (#13): re-executed transactions run under the chain's limits, like any other.
    MeteredExecution metered = MeteredExecution.beginBlock(block);
    for (byte[] payload : due) {
      out.add(new Entry(payload, apply(block, ctx, executor, payload, metered)));
    }
    return out;
  }

  private static TxReceipt apply(
      Overlay block,
      BlockContext ctx,
      RuntimeBinding executor,
      byte[] payload,
      MeteredExecution metered) {
    var hash = Transaction.runtime(payload).hash();
    Overlay child = block.child();
    Receipt receipt;
    try {
      receipt = metered.apply(executor.runtime(), HostNamespace.guard(child), ctx, payload.clone());
    } catch (BlockProductionHaltedException e) {
      child.discard();
      throw e;
    } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
      child.discard();
      return new TxReceipt(
          hash, false, "re-execution failed: " + e.getClass().getName() + ": " + e.getMessage());
    }
    if (receipt != null && receipt.success() && !child.isClosed()) {
      child.mergeIntoParent();
      return new TxReceipt(hash, true, receipt.message());
    }
    if (receipt != null && receipt.keepWrites() && !child.isClosed()) {
      // Failed after authentication: the sender's nonce stays used, as when it first ran.
      child.mergeIntoParent();
      return new TxReceipt(hash, false, receipt.message());
    }
    if (!child.isClosed()) {
      child.discard();
    }
    String why =
        receipt == null
            ? "no receipt returned"
            : receipt.message().isBlank() ? "rejected without a reason" : receipt.message();
    return new TxReceipt(hash, false, why);
  }

  /** Adds the block's re-executed transactions to its chain records. */
  static void record(long height, List<Entry> entries, ChainWrites writes) {
    if (entries.isEmpty()) {
      return;
    }
    Codec.Writer w = new Codec.Writer().i32(entries.size());
    for (Entry e : entries) {
      w.i32(e.payload().length).bytes(e.payload());
    }
    byte[] receipts = TxReceipt.encodeAll(entries.stream().map(Entry::receipt).toList());
    w.i32(receipts.length).bytes(receipts);
    writes.put(LifecycleRecords.reexecutedKey(height), w.toByteArray());
  }

  /** The transactions re-executed in the block at {@code height}, with their receipts. */
  static List<Entry> at(StateStore store, long height) {
    var stored = store.chainGet(LifecycleRecords.reexecutedKey(height));
    if (stored.isEmpty()) {
      return List.of();
    }
    byte[] bytes = stored.get();
    Codec.Reader r = new Codec.Reader(bytes);
    int count = r.i32("count");
    if (count < 0 || count > PER_BLOCK) {
      throw new IllegalArgumentException("re-executed count " + count + " is out of range");
    }
    List<byte[]> payloads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      payloads.add(r.bytes(r.i32("payload length"), "payload"));
    }
    List<TxReceipt> receipts = TxReceipt.decodeAll(r.bytes(r.i32("receipts length"), "receipts"));
    r.expectEnd("re-executed transactions");
    if (receipts.size() != count) {
      throw new IllegalArgumentException("re-executed receipts do not match the payloads");
    }
    List<Entry> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new Entry(payloads.get(i), receipts.get(i)));
    }
    return out;
  }

  static List<byte[]> payloadsAt(StateStore store, long height) {
    return at(store, height).stream().map(Entry::payload).toList();
  }
}
