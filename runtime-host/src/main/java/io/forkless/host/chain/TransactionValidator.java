package io.forkless.host.chain;

import io.forkless.api.TransactionValidity;

/**
 * Checks a transaction against the committed state before the mempool admits it, and again after
 * each block (so transactions that became invalid are evicted): the active runtime's {@code
 * validate} for runtime transactions, governance's checks for host transactions. Must not throw;
 * must be thread-safe.
 */
@FunctionalInterface
public interface TransactionValidator {

  /** Admits everything, unordered: arrival order, as before nonces existed (tests, tools). */
  TransactionValidator ADMIT_ALL = tx -> TransactionValidity.unordered();

  /** The verdict on {@code tx} in the current committed state. */
  TransactionValidity validate(Transaction tx);
}
