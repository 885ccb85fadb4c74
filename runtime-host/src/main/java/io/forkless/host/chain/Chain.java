package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.api.StateView;
import io.forkless.api.TransactionValidity;
import io.forkless.host.ForklessException;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain on a {@link StateStore}: head, blocks, receipts, transaction index, and the entry
 * points that execute a block, to produce ({@link #produceBlock}, {@link #prepareBlock}) and to
 * import ({@link #importBlock}), all through the one execution path ({@code BlockExecution});
 * opening and genesis are {@code ChainOpening}'s.
 *
 * <p>The active runtime is one {@link AtomicReference}; a block reads it once, and it changes only
 * between blocks (to the binding that executed the last one, or on {@link #restore}).
 *
 * <p>Thread-safety: queries may run on any thread; block execution, snapshots and restores are
 * serialized.
 */
public final class Chain {

  private static final Logger log = LoggerFactory.getLogger(Chain.class);

  private final StateStore store;
  private final String chainId;
  private final Function<HashCode, RuntimeBinding> resolver;
  private final BlockExecution execution;
  private final ExecutionHooks hooks;
  private final AtomicReference<RuntimeBinding> active;
  private final ReentrantLock executionLock = new ReentrantLock();
  private volatile Block head;

  Chain(
      StateStore store,
      String chainId,
      Function<HashCode, RuntimeBinding> resolver,
      ExecutionHooks hooks,
      Block head,
      RuntimeBinding binding) {
    this.store = store;
    this.chainId = chainId;
    this.resolver = resolver;
    this.execution = new BlockExecution(store, chainId, hooks);
    this.hooks = hooks;
    this.head = head;
    this.active = new AtomicReference<>(binding);
  }

  /** {@link #open(StateStore, GenesisConfig, Function, ExecutionHooks)} without hooks. */
  public static Chain open(
      StateStore store, GenesisConfig genesis, Function<HashCode, RuntimeBinding> resolver) {
    return open(store, genesis, resolver, ExecutionHooks.NONE);
  }

  /**
   * Opens the chain in {@code store}: resumes at the stored head (rebinding its runtime through
   * {@code resolver}, keyed by the head's runtime code hash), or writes the genesis block when the
   * store is empty.
   *
   * @throws ChainMismatchException if the store holds another chain, or its state root differs from
   *     the head block's
   * @throws RuntimeException whatever {@code resolver} throws for an unknown code hash
   */
  public static Chain open(
      StateStore store,
      GenesisConfig genesis,
      Function<HashCode, RuntimeBinding> resolver,
      ExecutionHooks hooks) {
    return ChainOpening.open(store, genesis, resolver, hooks);
  }

  /**
   * The committed block at {@code height} in {@code store}, read without opening the chain (no
   * runtime, genesis or hooks needed): for tools such as block export on a stopped node.
   */
  public static Optional<Block> storedBlock(StateStore store, long height) {
    return ChainRecords.block(store, height);
  }

  /** The head height recorded in {@code store}; empty when it holds no chain yet. */
  public static Optional<Long> storedHeadHeight(StateStore store) {
    return ChainRecords.headHeight(store);
  }

  /** The chain id. */
  public String chainId() {
    return chainId;
  }

  /** The last committed block. */
  public Block head() {
    return head;
  }

  /** The committed block at {@code height}, if any. */
  public Optional<Block> block(long height) {
    return ChainRecords.block(store, height);
  }

  /** The receipts of the block at {@code height} (block order), if any. */
  public Optional<List<TxReceipt>> receipts(long height) {
    return ChainRecords.receipts(store, height);
  }

  /** Where a committed transaction is, if it is. */
  public Optional<TxLocation> findTransaction(HashCode txHash) {
    return ChainRecords.location(store, txHash);
  }

  /** True when a committed block holds the transaction. */
  public boolean transactionIncluded(HashCode txHash) {
    return findTransaction(txHash).isPresent();
  }

  /** The committed state root (equal to the head's). */
  public HashCode stateRoot() {
    return store.stateRoot();
  }

  /** The committed state, read-only. */
  public StateView state() {
    return store.committed();
  }

  /** The runtime that executes the next block unless a hook changes it. */
  public RuntimeBinding activeRuntime() {
    return active.get();
  }

  /**
   * The context of the next block as far as it is known now (chain id, height, the head's
   * timestamp): for checking transactions before they are included.
   */
  public BlockContext nextBlockContext() {
    Block at = head;
    return new BlockContext(
        chainId, at.height() + 1, at.header().timestampMillis(), HostCrypto.INSTANCE);
  }

  /**
   * The active runtime's verdict on a runtime transaction against the committed state (for the
   * mempool). Runtime code is untrusted: an exception or no verdict is an invalid verdict.
   */
  public TransactionValidity validateRuntimeTransaction(byte[] payload) {
    RuntimeBinding binding = active.get();
    try {
      TransactionValidity v =
          binding
              .runtime()
              .validate(HostNamespace.guard(store.committed()), nextBlockContext(), payload);
      return v == null ? TransactionValidity.invalid("the runtime returned no verdict") : v;
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return TransactionValidity.invalid(
          "runtime " + binding.version() + " failed to check it: " + e.getClass().getName());
    }
  }

  /** The store under this chain (for the upgrade layer's snapshots). */
  public StateStore store() {
    return store;
  }

  /**
   * Executes and commits a new block on the head with {@code transactions}. Transactions already
   * included, or repeated in the list, are left out, so no transaction is ever recorded twice.
   *
   * @throws BlockProductionHaltedException from {@link ExecutionHooks#beginRuntimePhase}; nothing
   *     committed
   */
  public ExecutedBlock produceBlock(List<Transaction> transactions, long timestampMillis) {
    executionLock.lock();
    try {
      List<Transaction> fresh = BlockExecution.fresh(transactions, this::transactionIncluded);
      long ts = Math.max(timestampMillis, head.header().timestampMillis());
      return execute(fresh, ts, null);
    } finally {
      executionLock.unlock();
    }
  }

  /**
   * Executes a block made elsewhere and commits it if it follows the head and executes to exactly
   * its header (state root, runtime version and code hash).
   *
   * @throws BlockRejectedException if it does not; nothing committed
   * @throws BlockProductionHaltedException from {@link ExecutionHooks#beginRuntimePhase}
   */
  public ExecutedBlock importBlock(Block block) {
    executionLock.lock();
    try {
      BlockHeader h = block.header();
      List<String> problems =
          BlockChecks.linkProblems(block, head, chainId, this::transactionIncluded);
      if (!problems.isEmpty()) {
        throw new BlockRejectedException(
            "block "
                + h.height()
                + " "
                + block.hash()
                + " rejected: "
                + String.join("; ", problems));
      }
      return execute(block.transactions(), h.timestampMillis(), block);
    } finally {
      executionLock.unlock();
    }
  }

  /**
   * Executes a new block on the head with {@code transactions} (as {@link #produceBlock}) and
   * stages it without committing: a validator network's leader executes its block once, proposes
   * it, and commits this result with {@link #commitPrepared} when consensus has ordered it (or
   * {@link #discardPrepared} when another block came first). Until then the store is unchanged.
   *
   * @throws BlockProductionHaltedException from {@link ExecutionHooks#beginRuntimePhase}; nothing
   *     staged
   */
  public PreparedBlock prepareBlock(List<Transaction> transactions, long timestampMillis) {
    executionLock.lock();
    try {
      List<Transaction> fresh = BlockExecution.fresh(transactions, this::transactionIncluded);
      long ts = Math.max(timestampMillis, head.header().timestampMillis());
      return prepare(fresh, ts, null);
    } finally {
      executionLock.unlock();
    }
  }

  /**
   * Commits a block staged by {@link #prepareBlock}, exactly as executed.
   *
   * @throws IllegalStateException if the head is no longer the block's parent (another block was
   *     committed since) or it was discarded; nothing committed
   */
  public ExecutedBlock commitPrepared(PreparedBlock prepared) {
    executionLock.lock();
    try {
      if (!head.hash().equals(prepared.block().header().parentHash())
          || prepared.overlay().isClosed()) {
        throw new IllegalStateException(
            "prepared block "
                + prepared.block().height()
                + " no longer applies: the head is "
                + head.height()
                + " "
                + head.hash());
      }
      return commit(prepared);
    } finally {
      executionLock.unlock();
    }
  }

  /** Drops a block staged by {@link #prepareBlock} (idempotent). */
  public void discardPrepared(PreparedBlock prepared) {
    executionLock.lock();
    try {
      if (!prepared.overlay().isClosed()) {
        prepared.overlay().discard();
      }
    } finally {
      executionLock.unlock();
    }
  }

  /** Takes a store snapshot recording the current head. */
  public ChainSnapshot snapshot() {
    executionLock.lock();
    try {
      Block at = head;
      return new ChainSnapshot(store.snapshot(), at.height(), at.hash());
    } finally {
      executionLock.unlock();
    }
  }

  /**
   * Restores {@code snapshot}: state, blocks and head return to it, and the active runtime is
   * rebound through the resolver to the code hash of the restored head.
   *
   * @return the reverted blocks, oldest first (their transactions can go back to the mempool)
   * @throws IllegalArgumentException if the snapshot is unknown or newer than the head
   */
  public List<Block> restore(ChainSnapshot snapshot) {
    executionLock.lock();
    try {
      Block current = head;
      if (snapshot.height() > current.height()) {
        throw new IllegalArgumentException(
            "snapshot at height " + snapshot.height() + " is above the head " + current.height());
      }
      List<Block> reverted = new ArrayList<>();
      for (long h = snapshot.height() + 1; h <= current.height(); h++) {
        long height = h;
        reverted.add(
            block(h).orElseThrow(() -> new ForklessException("block " + height + " missing")));
      }
      store.restore(snapshot.id());
      Block restored =
          ChainRecords.headHeight(store)
              .flatMap(this::block)
              .orElseThrow(() -> new ForklessException("restored store has no head block"));
      if (!restored.hash().equals(snapshot.blockHash())) {
        throw new ForklessException(
            "restored head "
                + restored.hash()
                + " is not the snapshot's "
                + snapshot.blockHash()
                + ": snapshot "
                + snapshot.id().sequence()
                + " belongs to another chain");
      }
      head = restored;
      active.set(resolver.apply(restored.header().runtimeCodeHash()));
      log.info(
          "restored snapshot {} at height {}, reverted {} blocks",
          snapshot.id().sequence(),
          restored.height(),
          reverted.size());
      return List.copyOf(reverted);
    } finally {
      executionLock.unlock();
    }
  }

  private ExecutedBlock execute(
      List<Transaction> txs, long timestampMillis, @Nullable Block given) {
    return commit(prepare(txs, timestampMillis, given));
  }

  private ExecutedBlock commit(PreparedBlock prepared) {
    try {
      Block block = prepared.block();
      store.commit(prepared.staged(), prepared.writes());
      head = block;
      RuntimeBinding executor = prepared.result().executedBy();
      active.set(executor);
      hooks.afterCommit(block, prepared.receipts(), executor);
      return prepared.result();
    } finally {
      if (!prepared.overlay().isClosed()) {
        prepared.overlay().discard();
      }
    }
  }

  private PreparedBlock prepare(
      List<Transaction> txs, long timestampMillis, @Nullable Block given) {
    return execution.prepare(head, active.get(), txs, timestampMillis, given);
  }
}
