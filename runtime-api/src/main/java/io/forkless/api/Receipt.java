package io.forkless.api;

import java.util.Objects;

/**
 * The outcome of applying one transaction: success with an optional note; a rejection with a
 * reason, which leaves no writes (the host discards its overlay); or a failure after the sender was
 * authenticated, which keeps the writes the runtime made (its nonce, so that the sender's next
 * transaction is not stuck behind it).
 *
 * @param success whether the transaction took effect
 * @param message the rejection reason, or a note for a successful transaction (may be empty)
 * @param keepWrites whether the host keeps the transaction's writes although it failed
 */
public record Receipt(boolean success, String message, boolean keepWrites) {

  private static final Receipt OK = new Receipt(true, "");

  /**
   * @throws IllegalArgumentException if a successful receipt says keepWrites (it always keeps them)
   */
  public Receipt {
    Objects.requireNonNull(message, "message");
    if (success && keepWrites) {
      throw new IllegalArgumentException("keepWrites is only for failed receipts");
    }
  }

  /** A success or a rejection (no writes kept), as before failures could keep writes. */
  public Receipt(boolean success, String message) {
    this(success, message, false);
  }

  /** A successful transaction with no note. */
  public static Receipt ok() {
    return OK;
  }

  /** A successful transaction with a note, e.g. what it changed. */
  public static Receipt ok(String note) {
    return new Receipt(true, note);
  }

  /**
   * A transaction the runtime refuses, e.g. for insufficient funds.
   *
   * @throws IllegalArgumentException if the reason is blank
   */
  public static Receipt rejected(String reason) {
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason");
    }
    return new Receipt(false, reason);
  }

  /**
   * A transaction that failed after the runtime authenticated its sender (e.g. insufficient funds):
   * recorded as failed, but the writes the runtime made, such as the sender's nonce, are kept. The
   * runtime must make no other write before returning it.
   *
   * @throws IllegalArgumentException if the reason is blank
   */
  public static Receipt failed(String reason) {
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a failure needs a reason");
    }
    return new Receipt(false, reason, true);
  }
}
