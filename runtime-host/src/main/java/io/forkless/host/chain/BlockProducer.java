package io.forkless.host.chain;

import com.google.common.util.concurrent.AbstractScheduledService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces a block every {@link ProducerConfig#blockTime()} from the mempool (empty blocks too, so
 * heights advance). {@link #pause()} stops production without stopping the service; queries and
 * submissions keep working. {@link #produceBlock()} can be called directly (tests, tools).
 *
 * <p>No failure stops the service. A {@link BlockProductionHaltedException} (a local failure such
 * as a missing approved JAR) and any other throwable escaping block execution (an {@link
 * OutOfMemoryError} or any other {@link Error} from runtime code, a disk failure) are alerts:
 * logged once per distinct reason with the height and cause, reported by {@link #haltedReason()}
 * (which {@code /health}, {@code status} and the {@code forkless.production.halted} gauge read),
 * nothing half-committed, the transactions stay pending, and the next tick retries deliberately.
 * The alert clears once a block is produced again.
 */
public final class BlockProducer extends AbstractScheduledService {

  private static final Logger log = LoggerFactory.getLogger(BlockProducer.class);

  private final Chain chain;
  private final Mempool mempool;
  private final ProducerConfig config;
  private final AtomicBoolean paused = new AtomicBoolean();
  private final AtomicReference<Optional<String>> halted = new AtomicReference<>(Optional.empty());
  private final AtomicLong failures = new AtomicLong();

  private static final Predicate<Transaction> ADMIT_ALL = tx -> true;
  private volatile Predicate<Transaction> admission = ADMIT_ALL;
  private volatile Predicate<Transaction> rewinds = tx -> false;
  private volatile BooleanSupplier nextBlockRewinds = () -> false;

  private BlockProducer(Chain chain, Mempool mempool, ProducerConfig config) {
    this.chain = chain;
    this.mempool = mempool;
    this.config = config;
  }

  /** A producer (not started) for {@code chain} taking transactions from {@code mempool}. */
  public static BlockProducer create(Chain chain, Mempool mempool, ProducerConfig config) {
    return new BlockProducer(chain, mempool, config);
  }

  /**
   * Produces one block now, unless paused.
   *
   * @return the block, or empty when paused or halted (see the log)
   */
  public synchronized Optional<ExecutedBlock> produceBlock() {
    if (paused.get()) {
      return Optional.empty();
    }
    List<Transaction> txs = nextTransactions(config.maxTransactionsPerBlock());
    long height = chain.head().height() + 1;
    try {
      ExecutedBlock done = chain.produceBlock(txs, config.clock().millis());
      // Transactions the chain left out (already included) leave the mempool too.
      mempool.removeAll(txs.stream().map(Transaction::hash).toList());
      // The new state may have made pending transactions invalid (used nonces) or ready.
      mempool.revalidate();
      if (halted.getAndSet(Optional.empty()).isPresent()) {
        log.info("block production recovered: block {} produced", done.block().height());
      }
      return Optional.of(done);
    } catch (BlockProductionHaltedException e) {
      alert("ALERT: block production halted at height " + height + ": " + e.getMessage(), null);
      return Optional.empty();
    } catch (Throwable e) {
      // Anything, even an Error from runtime code: a scheduled service that lets it escape stops
      // for good without a word. Report it, keep the transactions, and retry on the next tick.
      failures.incrementAndGet();
      alert(
          "ALERT: block production failed at height "
              + height
              + ": "
              + e
              + "; nothing was committed, retrying every "
              + config.blockTime().toMillis()
              + " ms (see the log for the stack trace)",
          e);
      dropIncluded(txs);
      return Optional.empty();
    }
  }

  /**
   * The pending transactions the next block may carry, at most {@code max}, in block order: those
   * the admission rule lets in ({@link #admitOnly}), and only host transactions when one of them
   * sets the state back ({@link #runtimeTransactionsWaitAfter}) or the block sets it back by itself
   * ({@link #runtimeTransactionsWaitWhile}). A leader producing blocks elsewhere (the validator
   * network) picks its transactions here too. They stay pending.
   */
  public List<Transaction> nextTransactions(int max) {
    Predicate<Transaction> admit = admission;
    List<Transaction> txs =
        admit == ADMIT_ALL
            ? mempool.peek(max)
            : mempool.peek(Math.max(mempool.size(), 1)).stream().filter(admit).limit(max).toList();
    if (nextBlockRewinds.getAsBoolean() || txs.stream().anyMatch(rewinds)) {
      // Pending runtime transactions were checked against the state this block's host transaction
      // rewinds (a rollback): run after it, their nonces would be out of order and they would fail.
      // They wait in the mempool and run after the transactions the rewind queues again.
      txs = txs.stream().filter(tx -> tx.kind() == Transaction.Kind.HOST).toList();
    }
    return txs;
  }

  /** Records and logs an alert, once per distinct reason (not on every tick). */
  private void alert(String reason, @Nullable Throwable cause) {
    Optional<String> before = halted.getAndSet(Optional.of(reason));
    if (!before.equals(Optional.of(reason))) {
      if (cause == null) {
        log.error(reason);
      } else {
        log.error(reason, cause);
      }
    }
  }

  /** A failure after a commit (in an after-commit hook) must not keep included transactions. */
  private void dropIncluded(java.util.List<Transaction> txs) {
    try {
      mempool.removeAll(
          txs.stream().map(Transaction::hash).filter(chain::transactionIncluded).toList());
    } catch (RuntimeException e) {
      log.warn("could not clean the mempool after a failed block: {}", e.toString());
    }
  }

  /**
   * Which queued transactions the next blocks may include; the others wait in the mempool. Used
   * while governance has paused the chain: only governance (host) transactions get in, so a resume
   * can.
   */
  public void admitOnly(Predicate<Transaction> admission) {
    this.admission = admission;
  }

  /**
   * Host transactions that set the state back (a forward rollback, a cancelled migration): a block
   * carrying one includes no runtime transactions; those wait for the next block, where they run
   * after the transactions the rewind queued for re-execution, in nonce order.
   */
  public void runtimeTransactionsWaitAfter(Predicate<Transaction> rewinds) {
    this.rewinds = rewinds;
  }

  /**
   * Whether the next block sets the state back by itself (a migration that failed in the last block
   * fails back at the start of the next): while it answers true, blocks include no runtime
   * transactions, as with {@link #runtimeTransactionsWaitAfter}.
   */
  public void runtimeTransactionsWaitWhile(BooleanSupplier nextBlockRewinds) {
    this.nextBlockRewinds = nextBlockRewinds;
  }

  /** Stops producing blocks until {@link #resume()}. Idempotent. */
  public void pause() {
    if (paused.compareAndSet(false, true)) {
      log.info("block production paused at height {}", chain.head().height());
    } else {
      log.info("block production already paused");
    }
  }

  /** Produces blocks again. Idempotent. */
  public void resume() {
    if (paused.compareAndSet(true, false)) {
      log.info("block production resumed at height {}", chain.head().height());
    } else {
      log.info("block production already running");
    }
  }

  /**
   * The alert of the last attempt when it halted on a local failure (e.g. a missing approved JAR);
   * empty once a block is produced again. For health checks and status.
   */
  public Optional<String> haltedReason() {
    return halted.get();
  }

  /** How many block attempts failed with an unexpected throwable since start (a metric). */
  public long failureCount() {
    return failures.get();
  }

  /** True while paused. */
  public boolean isPaused() {
    return paused.get();
  }

  @Override
  protected void runOneIteration() {
    try {
      produceBlock();
    } catch (Throwable e) {
      // produceBlock reports its own failures; this guards the service against anything else.
      alert("ALERT: block producer tick failed: " + e, e);
    }
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedDelaySchedule(config.blockTime(), config.blockTime());
  }

  @Override
  protected String serviceName() {
    return "block-producer";
  }
}
