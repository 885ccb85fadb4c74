package io.forkless.cluster;

import com.google.common.hash.HashCode;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.PreparedBlock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The leader's one block in flight: executed and staged by {@link Chain#prepareBlock}, appended to
 * the log, not yet applied. When its entry applies, the state machine takes it and commits it as
 * executed (the leader never executes its block twice); when another block reaches that height
 * first, or the append fails, it is discarded. Thread-safe.
 */
final class PendingProposal {

  private final Chain chain;
  private @Nullable PreparedBlock pending;

  PendingProposal(Chain chain) {
    this.chain = chain;
  }

  /** True while a proposal waits for its entry to apply. */
  synchronized boolean inFlight() {
    return pending != null;
  }

  /** Records {@code prepared} as the block in flight; false if one already is. */
  synchronized boolean offer(PreparedBlock prepared) {
    if (pending != null) {
      return false;
    }
    pending = prepared;
    return true;
  }

  /**
   * The block in flight if it is the one with {@code hash}; any other block in flight at or below
   * {@code height} can never commit any more and is discarded.
   */
  synchronized Optional<PreparedBlock> take(HashCode hash, long height) {
    PreparedBlock p = pending;
    if (p == null) {
      return Optional.empty();
    }
    if (p.block().hash().equals(hash)) {
      pending = null;
      return Optional.of(p);
    }
    if (p.block().height() <= height) {
      pending = null;
      chain.discardPrepared(p);
    }
    return Optional.empty();
  }

  /** Discards {@code prepared} if it is still the block in flight (its append failed). */
  synchronized void abandon(PreparedBlock prepared) {
    if (pending == prepared) {
      pending = null;
      chain.discardPrepared(prepared);
    }
  }

  /** Discards whatever is in flight (leadership lost, shutdown). */
  synchronized void clear() {
    if (pending != null) {
      chain.discardPrepared(pending);
      pending = null;
    }
  }
}
