package io.forkless.host.chain;

import static io.forkless.host.chain.TestChains.V1;
import static io.forkless.host.chain.TestChains.V1_1;
import static io.forkless.host.chain.TestChains.hostTx;
import static io.forkless.host.chain.TestChains.kv;
import static io.forkless.host.chain.TestChains.tx;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StateStore;
import io.forkless.host.state.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainTest {

  @TempDir Path dir;

  @Test
  void genesisBlockRecordsTheRuntimeAndTheStateRoot() {
    MemoryStateStore store = MemoryStateStore.create();
    Chain chain = TestChains.open(store);

    BlockHeader genesis = chain.head().header();
    assertThat(genesis.height()).isZero();
    assertThat(genesis.parentHash()).isEqualTo(BlockHeader.GENESIS_PARENT);
    assertThat(genesis.stateRoot()).isEqualTo(store.stateRoot()).isEqualTo(chain.stateRoot());
    assertThat(genesis.runtimeVersion()).isEqualTo(V1.version());
    assertThat(genesis.runtimeCodeHash()).isEqualTo(V1.codeHash());
    assertThat(chain.state().get("acct/alice".getBytes(US_ASCII))).isPresent();
    assertThat(chain.activeRuntime()).isSameAs(V1);
  }

  @Test
  void producesBlocksThatLinkToTheirParentAndIndexTheirTransactions() {
    Chain chain = TestChains.open(MemoryStateStore.create());
    Block genesis = chain.head();

    ExecutedBlock one = chain.produceBlock(List.of(tx("set a 1"), tx("set b 2")), 5_000);
    ExecutedBlock two = chain.produceBlock(List.of(), 4_000);

    assertThat(one.block().header().parentHash()).isEqualTo(genesis.hash());
    assertThat(two.block().header().parentHash()).isEqualTo(one.block().hash());
    assertThat(two.block().header().timestampMillis()).isEqualTo(5_000); // never goes back
    assertThat(one.receipts()).allMatch(TxReceipt::success);
    assertThat(chain.head()).isEqualTo(two.block());
    assertThat(chain.block(1)).contains(one.block());
    assertThat(chain.receipts(1)).contains(one.receipts());
    assertThat(chain.findTransaction(tx("set b 2").hash())).contains(new TxLocation(1, 1));
    assertThat(chain.state().get(kv("a"))).contains("1".getBytes(US_ASCII));
    assertThat(chain.stateRoot()).isEqualTo(two.block().header().stateRoot());
  }

  @Test
  void aTransactionThatThrowsOrReturnsGarbageGetsAFailedReceiptAndTheBlockGoesOn() {
    Chain chain = TestChains.open(MemoryStateStore.create());
    List<Transaction> txs =
        List.of(
            tx("set a 1"),
            tx("throw"),
            tx("null"),
            tx("garbage"),
            tx("reject"),
            tx("overflow"),
            tx("set b 2"));

    List<TxReceipt> receipts = chain.produceBlock(txs, 2_000).receipts();

    assertThat(receipts)
        .extracting(TxReceipt::success)
        .containsExactly(true, false, false, false, false, false, true);
    assertThat(receipts.get(1).message())
        .isEqualTo("execution failed: java.lang.IllegalStateException: boom");
    assertThat(receipts.get(2).message()).isEqualTo("execution failed: no receipt returned");
    assertThat(receipts.get(3).message()).isEqualTo("rejected without a reason");
    assertThat(receipts.get(4).message()).isEqualTo("refused on purpose");
    assertThat(receipts.get(5).message()).contains("StackOverflowError");
    for (String key : List.of("thrown", "null", "garbage", "rejected", "overflow")) {
      assertThat(chain.state().get(kv(key))).as(key).isEmpty();
    }
    assertThat(chain.state().get(kv("a"))).isPresent();
    assertThat(chain.state().get(kv("b"))).isPresent();
    assertThat(chain.head().height()).isEqualTo(1);
  }

  @Test
  void hooksRunInOrderAndHostTransactionsRunBeforeRuntimeTransactions() {
    List<String> events = new ArrayList<>();
    ExecutionHooks hooks =
        new ExecutionHooks() {
          @Override
          public void initGenesis(State state) {
            state.put(kv("validators"), "v1".getBytes(US_ASCII));
          }

          @Override
          public Receipt applyHostTransaction(State txOverlay, BlockContext ctx, byte[] payload) {
            String text = new String(payload, US_ASCII);
            events.add("host " + text);
            txOverlay.put(kv("host-" + text), "x".getBytes(US_ASCII));
            return text.equals("bad") ? Receipt.rejected("bad host tx") : Receipt.ok();
          }

          @Override
          public RuntimeBinding beginRuntimePhase(
              BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
            events.add(
                "begin "
                    + ctx.height()
                    + " sees host write="
                    + blockOverlay.get(kv("host-good")).isPresent());
            return current;
          }

          @Override
          public void afterCommit(Block block, List<TxReceipt> receipts, RuntimeBinding by) {
            events.add("after " + block.height() + " " + receipts.size());
          }
        };
    Chain chain =
        Chain.open(MemoryStateStore.create(), TestChains.GENESIS, TestChains.RESOLVER, hooks);

    ExecutedBlock done =
        chain.produceBlock(
            List.of(tx("set r 1"), hostTx("good"), tx("set s 2"), hostTx("bad")), 2_000);

    assertThat(events)
        .containsExactly("host good", "host bad", "begin 1 sees host write=true", "after 1 4");
    assertThat(done.receipts())
        .extracting(TxReceipt::success)
        .containsExactly(true, true, true, false);
    assertThat(chain.state().get(kv("host-bad"))).isEmpty();
    assertThat(chain.state().get(kv("validators"))).isPresent();
  }

  @Test
  void beginRuntimePhaseSwapsTheRuntimeForTheWholeBlockAndTheHeaderRecordsIt() {
    List<RuntimeBinding> committedWith = new ArrayList<>();
    ExecutionHooks upgradeAtTwo =
        new ExecutionHooks() {
          @Override
          public RuntimeBinding beginRuntimePhase(
              BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
            if (ctx.height() != 2) {
              return current;
            }
            Overlay migration = blockOverlay.child();
            migration.put(kv("migrated"), "yes".getBytes(US_ASCII));
            migration.mergeIntoParent();
            return V1_1;
          }

          @Override
          public void afterCommit(Block block, List<TxReceipt> receipts, RuntimeBinding by) {
            committedWith.add(by);
          }
        };
    Chain chain =
        Chain.open(
            MemoryStateStore.create(), TestChains.GENESIS, TestChains.RESOLVER, upgradeAtTwo);

    Block one = chain.produceBlock(List.of(tx("set a 1")), 2_000).block();
    Block two = chain.produceBlock(List.of(tx("set a 2")), 3_000).block();

    assertThat(one.header().runtimeVersion()).isEqualTo(V1.version());
    assertThat(two.header().runtimeVersion()).isEqualTo(V1_1.version());
    assertThat(two.header().runtimeCodeHash()).isEqualTo(V1_1.codeHash());
    assertThat(chain.activeRuntime()).isSameAs(V1_1);
    assertThat(committedWith).containsExactly(V1, V1_1);
    assertThat(chain.state().get(kv("migrated"))).isPresent();
  }

  @Test
  void aHaltedBlockCommitsNothing() {
    ExecutionHooks halting =
        new ExecutionHooks() {
          @Override
          public RuntimeBinding beginRuntimePhase(
              BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
            blockOverlay.put(kv("half"), "x".getBytes(US_ASCII));
            throw new BlockProductionHaltedException("runtime JAR abc missing");
          }
        };
    MemoryStateStore store = MemoryStateStore.create();
    Chain chain = Chain.open(store, TestChains.GENESIS, TestChains.RESOLVER, halting);
    Block head = chain.head();
    HashCode root = store.stateRoot();

    assertThatThrownBy(() -> chain.produceBlock(List.of(tx("set a 1")), 2_000))
        .isInstanceOf(BlockProductionHaltedException.class)
        .hasMessageContaining("JAR abc missing");

    assertThat(chain.head()).isEqualTo(head);
    assertThat(store.stateRoot()).isEqualTo(root);
    assertThat(chain.block(1)).isEmpty();
    assertThat(chain.transactionIncluded(tx("set a 1").hash())).isFalse();
    assertThat(chain.state().get(kv("half"))).isEmpty();
  }

  @Test
  void importingABlockReproducesItAndRefusesMismatchesWithoutCommitting() {
    Chain producer = TestChains.open(MemoryStateStore.create());
    MemoryStateStore importerStore = MemoryStateStore.create();
    Chain importer = TestChains.open(importerStore);
    Block block = producer.produceBlock(List.of(tx("set a 1"), tx("throw")), 2_000).block();

    BlockHeader h = block.header();
    Block wrongRoot =
        new Block(
            new BlockHeader(
                h.chainId(),
                h.height(),
                h.parentHash(),
                h.timestampMillis(),
                h.txRoot(),
                importerStore.stateRoot(),
                h.runtimeVersion(),
                h.runtimeCodeHash()),
            block.transactions());
    Block wrongParent =
        new Block(
            new BlockHeader(
                h.chainId(),
                h.height(),
                h.stateRoot(),
                h.timestampMillis(),
                h.txRoot(),
                h.stateRoot(),
                h.runtimeVersion(),
                h.runtimeCodeHash()),
            block.transactions());
    HashCode rootBefore = importerStore.stateRoot();

    assertThatThrownBy(() -> importer.importBlock(wrongRoot))
        .isInstanceOf(BlockRejectedException.class)
        .hasMessageContaining("rejected: executing it gives");
    assertThatThrownBy(() -> importer.importBlock(wrongParent))
        .isInstanceOf(BlockRejectedException.class)
        .hasMessageContaining("parent hash");
    assertThat(importerStore.stateRoot()).isEqualTo(rootBefore);
    assertThat(importer.head().height()).isZero();

    ExecutedBlock imported = importer.importBlock(block);
    assertThat(imported.block()).isEqualTo(block);
    assertThat(importer.head().hash()).isEqualTo(producer.head().hash());
    assertThat(importer.receipts(1)).isEqualTo(producer.receipts(1));
  }

  @Test
  void noTransactionIsRecordedTwice() {
    Chain chain = TestChains.open(MemoryStateStore.create());
    Transaction once = tx("set a 1");
    chain.produceBlock(List.of(once, once), 2_000);
    Block second = chain.produceBlock(List.of(once, tx("set b 1")), 3_000).block();

    assertThat(chain.block(1).orElseThrow().transactions()).containsExactly(once);
    assertThat(second.transactions()).containsExactly(tx("set b 1"));

    Chain other = TestChains.open(MemoryStateStore.create());
    Block first = other.produceBlock(List.of(once), 2_000).block();
    other.produceBlock(List.of(), 2_500);
    BlockHeader h = chain.head().header();
    Block replay =
        new Block(
            new BlockHeader(
                h.chainId(),
                h.height() + 1,
                h.hash(),
                4_000,
                BlockHeader.txRoot(first.transactions()),
                h.stateRoot(),
                h.runtimeVersion(),
                h.runtimeCodeHash()),
            first.transactions());
    assertThatThrownBy(() -> chain.importBlock(replay))
        .isInstanceOf(BlockRejectedException.class)
        .hasMessageContaining("already included");
  }

  @Test
  void aReopenedChainResumesAtItsHeadWithTheSameRootAndRuntime() {
    Path data = dir.resolve("node");
    Block head;
    HashCode root;
    ExecutionHooks upgrade =
        new ExecutionHooks() {
          @Override
          public RuntimeBinding beginRuntimePhase(
              BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
            return ctx.height() == 2 ? V1_1 : current;
          }
        };
    try (StateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      Chain chain = Chain.open(store, TestChains.GENESIS, TestChains.RESOLVER, upgrade);
      chain.produceBlock(List.of(tx("set a 1")), 2_000);
      chain.produceBlock(List.of(tx("set b 2")), 3_000);
      head = chain.head();
      root = chain.stateRoot();
    }
    try (StateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      Chain chain = TestChains.open(store);
      assertThat(chain.head()).isEqualTo(head);
      assertThat(chain.stateRoot()).isEqualTo(root);
      assertThat(store.recomputeStateRoot()).isEqualTo(root);
      assertThat(chain.activeRuntime()).isSameAs(V1_1);
      assertThat(chain.produceBlock(List.of(), 4_000).block().header().parentHash())
          .isEqualTo(head.hash());
    }
  }

  @Test
  void openingAStoreOfAnotherChainIsRefused() {
    MemoryStateStore store = MemoryStateStore.create();
    TestChains.open(store);
    GenesisConfig other =
        new GenesisConfig("other-chain", 1_000, TestChains.GENESIS.runtime(), V1.codeHash());

    assertThatThrownBy(() -> Chain.open(store, other, TestChains.RESOLVER))
        .isInstanceOf(ChainMismatchException.class)
        .hasMessageContaining("holds chain \"test-chain\", not \"other-chain\"");
  }

  @Test
  void restoringASnapshotRevertsLaterBlocksAndReturnsThem() {
    Path data = dir.resolve("node");
    try (StateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      Chain chain = TestChains.open(store);
      chain.produceBlock(List.of(tx("set a 1")), 2_000);
      Block before = chain.head();
      HashCode root = chain.stateRoot();
      ChainSnapshot snapshot = chain.snapshot();
      chain.produceBlock(List.of(tx("set a 2")), 3_000);
      chain.produceBlock(List.of(tx("set a 3"), tx("set c 3")), 4_000);
      Mempool mempool = Mempool.create(MempoolConfig.defaults(), chain::transactionIncluded);
      mempool.submit(tx("set z 9"));

      List<Block> reverted = chain.restore(snapshot);
      mempool.requeueFront(reverted.stream().flatMap(b -> b.transactions().stream()).toList());

      assertThat(reverted).extracting(Block::height).containsExactly(2L, 3L);
      assertThat(chain.head()).isEqualTo(before);
      assertThat(chain.stateRoot()).isEqualTo(root);
      assertThat(store.recomputeStateRoot()).isEqualTo(root);
      assertThat(chain.block(2)).isEmpty();
      assertThat(chain.transactionIncluded(tx("set a 2").hash())).isFalse();
      assertThat(mempool.peek(10))
          .containsExactly(tx("set a 2"), tx("set a 3"), tx("set c 3"), tx("set z 9"));
      assertThat(chain.produceBlock(List.of(tx("set a 2")), 5_000).block().height()).isEqualTo(2);
    }
  }
}
