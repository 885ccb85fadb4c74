package io.forkless.host.chain;

/**
 * Where a committed transaction is.
 *
 * @param height the block height
 * @param index the position in the block's transaction list (and receipts)
 */
public record TxLocation(long height, int index) {}
