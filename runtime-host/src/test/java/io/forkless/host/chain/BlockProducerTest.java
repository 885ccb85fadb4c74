package io.forkless.host.chain;

import static io.forkless.host.chain.TestChains.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.forkless.api.BlockContext;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.Overlay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BlockProducerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(50_000), ZoneOffset.UTC);

  private final Chain chain = TestChains.open(MemoryStateStore.create());
  private final Mempool mempool =
      Mempool.create(MempoolConfig.defaults(), chain::transactionIncluded);

  private BlockProducer producer(int maxTxs) {
    return BlockProducer.create(
        chain, mempool, new ProducerConfig(Duration.ofMillis(20), maxTxs, CLOCK));
  }

  @Test
  void producesABlockOfAtMostMaxTransactionsInArrivalOrder() {
    BlockProducer producer = producer(2);
    mempool.submit(tx("set a 1"));
    mempool.submit(tx("set b 1"));
    mempool.submit(tx("set c 1"));

    Block block = producer.produceBlock().orElseThrow().block();

    assertThat(block.transactions()).containsExactly(tx("set a 1"), tx("set b 1"));
    assertThat(block.header().timestampMillis()).isEqualTo(50_000);
    assertThat(mempool.peek(10)).containsExactly(tx("set c 1"));
  }

  @Test
  void aBlockThatSetsTheStateBackByItselfCarriesOnlyHostTransactionsAndTheOthersWait() {
    BlockProducer producer = producer(10);
    AtomicBoolean failsBack = new AtomicBoolean(true);
    producer.runtimeTransactionsWaitWhile(failsBack::get);
    Transaction host = Transaction.host(new byte[] {7});
    mempool.submit(tx("set a 1"));
    mempool.submit(host);

    assertThat(producer.nextTransactions(10)).containsExactly(host);
    failsBack.set(false);
    assertThat(producer.nextTransactions(10)).contains(host, tx("set a 1"));
  }

  @Test
  void pausingStopsProductionWhileQueriesAndSubmissionsGoOn() {
    BlockProducer producer = producer(10);
    producer.pause();
    producer.pause();

    mempool.submit(tx("set a 1"));
    assertThat(producer.produceBlock()).isEmpty();
    assertThat(producer.isPaused()).isTrue();
    assertThat(chain.head().height()).isZero();
    assertThat(chain.block(0)).isPresent();

    producer.resume();
    producer.resume();
    assertThat(producer.produceBlock().orElseThrow().block().transactions())
        .containsExactly(tx("set a 1"));
  }

  @Test
  void aHaltedBlockKeepsItsTransactionsPendingAndTheNextTickRetries() {
    AtomicBoolean jarMissing = new AtomicBoolean(true);
    ExecutionHooks hooks =
        new ExecutionHooks() {
          @Override
          public RuntimeBinding beginRuntimePhase(
              BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
            if (jarMissing.get()) {
              throw new BlockProductionHaltedException("approved runtime JAR 1234 is missing");
            }
            return current;
          }
        };
    Chain halting =
        Chain.open(MemoryStateStore.create(), TestChains.GENESIS, TestChains.RESOLVER, hooks);
    Mempool pool = Mempool.create(MempoolConfig.defaults(), halting::transactionIncluded);
    BlockProducer producer =
        BlockProducer.create(halting, pool, new ProducerConfig(Duration.ofSeconds(1), 10, CLOCK));
    pool.submit(tx("set a 1"));

    assertThat(producer.produceBlock()).isEmpty();
    assertThat(pool.peek(10)).containsExactly(tx("set a 1"));

    jarMissing.set(false);
    assertThat(producer.produceBlock()).isPresent();
    assertThat(pool.size()).isZero();
  }

  @Test
  void theRunningServiceProducesBlocksOnItsScheduleAndStopsCleanly() throws Exception {
    BlockProducer producer = producer(10);
    mempool.submit(tx("set a 1"));
    producer.startAsync().awaitRunning(10, TimeUnit.SECONDS);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> chain.head().height() >= 3);
      assertThat(chain.transactionIncluded(tx("set a 1").hash())).isTrue();

      producer.pause();
      long pausedAt = chain.head().height();
      mempool.submit(tx("set b 1"));
      // A tick in flight when pausing may still finish; after that, no block.
      await().atMost(Duration.ofSeconds(5)).until(() -> chain.head().height() <= pausedAt + 1);
      producer.resume();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> chain.transactionIncluded(tx("set b 1").hash()));
    } finally {
      producer.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    }
    assertThat(producer.state())
        .isEqualTo(com.google.common.util.concurrent.Service.State.TERMINATED);
    assertThat(List.of(chain.head().height())).allMatch(h -> h >= 4);
  }

  /** A runtime that throws {@code failure} for the transaction "boom" until it is defused. */
  private static RuntimeBinding throwing(
      java.util.function.Supplier<Throwable> failure, AtomicBoolean armed) {
    io.forkless.api.Runtime kv = new KvRuntime(io.forkless.api.RuntimeVersion.of(1, 0, 0));
    io.forkless.api.Runtime runtime =
        new io.forkless.api.Runtime() {
          @Override
          public io.forkless.api.RuntimeVersion version() {
            return kv.version();
          }

          @Override
          public int stateLayoutVersion() {
            return kv.stateLayoutVersion();
          }

          @Override
          public void initGenesis(io.forkless.api.State state, java.util.Map<String, Object> b) {
            kv.initGenesis(state, b);
          }

          @Override
          public io.forkless.api.Receipt apply(
              io.forkless.api.State state, BlockContext block, byte[] transaction) {
            if (armed.get()
                && new String(transaction, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("boom")) {
              Throwable t = failure.get();
              if (t instanceof Error e) {
                throw e;
              }
              throw (RuntimeException) t;
            }
            return kv.apply(state, block, transaction);
          }

          @Override
          public java.util.Map<String, String> invariants(io.forkless.api.StateView state) {
            return kv.invariants(state);
          }
        };
    return new RuntimeBinding(runtime, TestChains.V1.version(), TestChains.V1.codeHash());
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> errors() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "java.lang.OutOfMemoryError",
            (java.util.function.Supplier<Throwable>) () -> new OutOfMemoryError("Java heap space")),
        org.junit.jupiter.params.provider.Arguments.of(
            "java.lang.InternalError",
            (java.util.function.Supplier<Throwable>) () -> new InternalError("runtime bug")),
        org.junit.jupiter.params.provider.Arguments.of(
            "java.lang.UnknownError",
            (java.util.function.Supplier<Throwable>) () -> new UnknownError("vm trouble")));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("errors")
  void anErrorFromRuntimeCodeIsReportedAndRetriedAndTheServiceNeverDies(
      String type, java.util.function.Supplier<Throwable> failure) throws Exception {
    AtomicBoolean armed = new AtomicBoolean(true);
    RuntimeBinding binding = throwing(failure, armed);
    Chain failing = Chain.open(MemoryStateStore.create(), TestChains.GENESIS, h -> binding);
    Mempool pool = Mempool.create(MempoolConfig.defaults(), failing::transactionIncluded);
    BlockProducer producer =
        BlockProducer.create(failing, pool, new ProducerConfig(Duration.ofMillis(20), 10, CLOCK));
    pool.submit(tx("set a 1"));
    pool.submit(tx("boom"));
    producer.startAsync().awaitRunning(10, TimeUnit.SECONDS);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> producer.haltedReason().isPresent());
      assertThat(producer.haltedReason().orElseThrow())
          .contains("block production failed at height 1")
          .contains(type);
      await().atMost(Duration.ofSeconds(10)).until(() -> producer.failureCount() >= 3);
      assertThat(producer.isRunning()).as("the service keeps running and retrying").isTrue();
      assertThat(failing.head().height()).as("nothing committed").isZero();
      assertThat(pool.peek(10)).as("transactions kept").containsExactly(tx("set a 1"), tx("boom"));
      producer.pause();
      assertThat(producer.isPaused()).as("pause stays responsive").isTrue();
      producer.resume();

      armed.set(false);
      await().atMost(Duration.ofSeconds(10)).until(() -> failing.head().height() >= 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> producer.haltedReason().isEmpty());
      assertThat(failing.transactionIncluded(tx("boom").hash())).isTrue();
    } finally {
      producer.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anErrorAfterTheCommitLeavesTheBlockAndDropsItsTransactionsFromTheMempool() {
    AtomicBoolean fail = new AtomicBoolean(true);
    ExecutionHooks hooks =
        new ExecutionHooks() {
          @Override
          public void afterCommit(
              Block block, List<TxReceipt> receipts, RuntimeBinding executedBy) {
            if (fail.get()) {
              throw new StackOverflowError();
            }
          }
        };
    Chain chain =
        Chain.open(MemoryStateStore.create(), TestChains.GENESIS, TestChains.RESOLVER, hooks);
    Mempool pool = Mempool.create(MempoolConfig.defaults(), chain::transactionIncluded);
    BlockProducer producer =
        BlockProducer.create(chain, pool, new ProducerConfig(Duration.ofSeconds(1), 10, CLOCK));
    pool.submit(tx("set a 1"));

    assertThat(producer.produceBlock()).isEmpty();
    assertThat(chain.head().height()).isEqualTo(1);
    assertThat(pool.size()).isZero();
    assertThat(producer.haltedReason().orElseThrow()).contains("java.lang.StackOverflowError");

    fail.set(false);
    assertThat(producer.produceBlock()).isPresent();
    assertThat(producer.haltedReason()).isEmpty();
  }
}
