package io.forkless.api;

import java.util.Objects;

/**
 * A runtime's verdict on a transaction before it enters the mempool ({@link Runtime#validate}): not
 * valid (with the reason), valid without an order, or valid as the {@code nonce}-th transaction of
 * {@code sender}. The mempool queues a sender's transactions by nonce: {@code nonce ==
 * accountNonce} is ready now, a higher nonce waits for the ones before it, a lower one is stale.
 *
 * @param valid whether the transaction may enter the mempool
 * @param reason why not (empty when valid)
 * @param sender the sending account's bytes (empty when invalid or unordered); copied
 * @param nonce the transaction's nonce (0 when unordered)
 * @param accountNonce the nonce the sender's next transaction must carry in this state
 */
public record TransactionValidity(
    boolean valid, String reason, byte[] sender, long nonce, long accountNonce) {

  private static final byte[] NONE = new byte[0];

  public TransactionValidity {
    Objects.requireNonNull(reason, "reason");
    sender = sender.clone();
    if (valid != reason.isEmpty()) {
      throw new IllegalArgumentException("an invalid transaction needs a reason, a valid one none");
    }
    if (nonce < 0 || accountNonce < 0) {
      throw new IllegalArgumentException(
          "nonces must be >= 0 but were " + nonce + " and " + accountNonce);
    }
  }

  /**
   * A transaction that cannot enter the mempool (bad signature, wrong chain, stale nonce, …).
   *
   * @throws IllegalArgumentException if the reason is blank
   */
  public static TransactionValidity invalid(String reason) {
    if (reason.isBlank()) {
      throw new IllegalArgumentException("an invalid transaction needs a reason");
    }
    return new TransactionValidity(false, reason, NONE, 0, 0);
  }

  /** A valid transaction with no sender or nonce: the mempool keeps it in arrival order. */
  public static TransactionValidity unordered() {
    return new TransactionValidity(true, "", NONE, 0, 0);
  }

  /**
   * A valid transaction of {@code sender} with {@code nonce}, where {@code accountNonce} is the
   * sender's current nonce in the state it was checked against.
   */
  public static TransactionValidity ordered(byte[] sender, long nonce, long accountNonce) {
    if (sender.length == 0) {
      throw new IllegalArgumentException("an ordered transaction needs a sender");
    }
    return new TransactionValidity(true, "", sender, nonce, accountNonce);
  }

  @Override
  public byte[] sender() {
    return sender.clone();
  }

  /** True when the transaction is valid and has a sender. */
  public boolean isOrdered() {
    return valid && sender.length > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransactionValidity v
        && v.valid == valid
        && v.reason.equals(reason)
        && java.util.Arrays.equals(v.sender, sender)
        && v.nonce == nonce
        && v.accountNonce == accountNonce;
  }

  @Override
  public int hashCode() {
    return Objects.hash(valid, reason, java.util.Arrays.hashCode(sender), nonce, accountNonce);
  }

  @Override
  public String toString() {
    return valid
        ? (isOrdered() ? "ordered(nonce " + nonce + ", account nonce " + accountNonce + ")" : "ok")
        : "invalid(" + reason + ")";
  }
}
