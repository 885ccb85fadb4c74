package io.forkless.api;

import java.util.Objects;

/**
 * The outcome of applying one transaction: success with an optional note, or a rejection with a
 * reason. A rejected transaction leaves no writes: the host discards its overlay.
 *
 * @param success whether the transaction took effect
 * @param message the rejection reason, or a note for a successful transaction (may be empty)
 */
public record Receipt(boolean success, String message) {

  private static final Receipt OK = new Receipt(true, "");

  public Receipt {
    Objects.requireNonNull(message, "message");
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
}
