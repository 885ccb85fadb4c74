/**
 * The chain: blocks, receipts, mempool, block production and import.
 *
 * <p><b>Seams for the layers above.</b> {@link io.forkless.host.chain.Chain#open} on a {@code
 * StateStore} with a {@link io.forkless.host.chain.GenesisConfig}, a resolver {@code
 * Function<HashCode, RuntimeBinding>} (rebinds the head's runtime on reopen and after a restore)
 * and {@link io.forkless.host.chain.ExecutionHooks}. {@code produceBlock(txs, timestamp)} and
 * {@code importBlock(block)} share one execution path. {@code snapshot()} / {@code
 * restore(ChainSnapshot)} (returns the reverted blocks, for {@code Mempool.requeueFront}). {@link
 * io.forkless.host.chain.BlockProducer} is a Guava {@code Service} with {@code pause()}, {@code
 * resume()} and {@code produceBlock()}.
 *
 * <p><b>Block execution</b> (one thread, the active runtime read once): every HOST transaction
 * through {@code ExecutionHooks.applyHostTransaction} in block order; then {@code
 * beginRuntimePhase} picks the runtime; then every RUNTIME transaction through it; each transaction
 * on its own child overlay, discarded when rejected or throwing (failed receipt, the block goes
 * on); then one atomic commit of state, block, receipts, tx index and head; then the active
 * reference is set and {@code afterCommit} runs. Receipts follow block order.
 *
 * <p><b>Canonical encodings</b> (big-endian):
 *
 * <ul>
 *   <li>Transaction: {@code u8 kind (0x01 RUNTIME, 0x02 HOST) || payload}; hash = SHA-256.
 *   <li>Header: {@code u8 1, u32 len + UTF-8 chainId, i64 height, 32 parentHash, i64
 *       timestampMillis, 32 txRoot, 32 stateRoot, i32 major, i32 minor, i32 patch, 32
 *       runtimeCodeHash}; block hash = SHA-256 of it. Genesis: height 0, parent = 32 zero bytes.
 *   <li>txRoot = SHA-256({@code u32 count || tx hashes}).
 *   <li>Block: {@code u32 len + header, u32 count, (u32 len + transaction)*}.
 *   <li>Receipts of a block: {@code u32 count, (32 txHash, u8 success, u32 len + UTF-8 message)*}.
 * </ul>
 */
@NullMarked
package io.forkless.host.chain;

import org.jspecify.annotations.NullMarked;
