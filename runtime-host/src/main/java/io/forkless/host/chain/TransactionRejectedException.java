package io.forkless.host.chain;

import io.forkless.host.ForklessException;

/** The mempool refused a transaction; {@link #reason()} says why in machine form. */
public final class TransactionRejectedException extends ForklessException {

  /** Why a transaction was refused. */
  public enum Reason {
    MALFORMED,
    OVERSIZED,
    DUPLICATE,
    ALREADY_INCLUDED,
    MEMPOOL_FULL,
    /** The runtime or governance refused it (bad signature, stale nonce, …): the message says. */
    INVALID,
    /**
     * The sender already has the most pending transactions allowed, or the nonce is too far ahead.
     */
    SENDER_LIMIT
  }

  private final Reason reason;

  public TransactionRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
