package io.forkless.host.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.codec.BlockFileException;
import io.forkless.host.codec.BlockFileHeader;
import io.forkless.host.codec.BlockFileReader;
import io.forkless.host.codec.BlockFileWriter;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.TestPlugins;
import io.forkless.testplugins.FailAtFirstKey;
import io.forkless.testplugins.Layout2Rewrite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay across upgrades: node A runs a governed chain under transfer load through 1.0.0 → 1.1.0, a
 * 2.0.0 upgrade whose migration fails, 1.1.0 → 2.0.0 with add_staking, staking transactions and a
 * rollback; its export is imported into fresh nodes with their own data folder and no plugins
 * folder (the upgrades' JARs come from the chain, which node A uploaded from its plugins folder).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockReplayTest {

  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V11 = RuntimeVersion.of(1, 1, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);
  private static final String[] ALL_SAMPLES = {
    SampleJars.RUNTIME_1_0_0,
    SampleJars.RUNTIME_1_1_0,
    SampleJars.RUNTIME_2_0_0,
    SampleJars.ADD_STAKING
  };

  private Path dir;
  private int nodeCount;

  private final ReplayNodes nodes = new ReplayNodes();
  private RuntimeCode failingPlugin;
  private byte[] exported;
  private final List<HashCode> rootsOfA = new ArrayList<>();
  private Block headOfA;
  private RuntimeVersion versionOfA;
  private HashCode codeHashOfA;
  private HashCode rootOfA;
  private Map<String, String> contentsOfA;
  private long failedActivation;
  private long upgradeActivation;
  private long plainTransferBlock;

  /** Users' signers by chain id: each chain counts its own nonces. */
  private final java.util.Map<String, io.forkless.testing.Accounts.Signer> users =
      new java.util.HashMap<>();

  @BeforeAll
  void runNodeAThroughUpgradesFailureAndRollback(@TempDir Path shared) {
    dir = shared;
    Path plugins = ReplayNodes.pluginsWith(dir.resolve("plugins-a"), ALL_SAMPLES);
    failingPlugin =
        TestPlugins.plugin(plugins, "fail_first", FailAtFirstKey.class, Layout2Rewrite.class);
    try (ForklessHost a = nodes.open(dir.resolve("data-a"), plugins)) {
      long v11 =
          approveAndActivate(
              a,
              new ProposeUpgrade(
                  "bob",
                  "1.1.0",
                  "no migration",
                  V11,
                  ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_1_1_0)),
                  Optional.empty(),
                  2,
                  1),
              1);
      assertThat(a.chain().block(v11).orElseThrow().header().runtimeVersion()).isEqualTo(V11);
      upgradeActivation = v11;
      plainTransferBlock = produce(a).block().height();

      failedActivation = approveAndActivate(a, proposeV2("fail_first", failingPlugin, 2), 2);
      assertThat(status(a, 2)).isEqualTo(ProposalStatus.FAILED);
      assertThat(a.coordinator().currentVersion()).isEqualTo(V11);

      long v2 = approveAndActivate(a, proposeV2("add_staking", staking(), 3), 3);
      assertThat(a.chain().block(v2).orElseThrow().header().runtimeVersion()).isEqualTo(V2);
      ExecutedBlock staked = produce(a, runtime("stake alice 1000"), runtime("stake bob 300"));
      assertThat(staked.receipts())
          .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
      produce(a, runtime("unstake alice 10"));
      produce(a);

      a.rollback(
          nodes.sign(
              new Emergency(
                  EmergencyKind.ROLLBACK, 3, a.governance().emergencyNonce(a.chain().state())),
              "alice",
              "bob"));
      long beforeRollback = a.chain().head().height();
      while (a.mempool().size() > 0) {
        a.producer().produceBlock().orElseThrow();
      }
      assertThat(a.chain().head().height()).isGreaterThan(beforeRollback);
      assertThat(status(a, 3)).isEqualTo(ProposalStatus.ROLLED_BACK);
      assertThat(a.coordinator().currentVersion()).isEqualTo(V11);
      produce(a);
      produce(a);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlockExporter.exportAll(a.chain(), out);
      exported = out.toByteArray();
      for (long h = 0; h <= a.chain().head().height(); h++) {
        rootsOfA.add(a.chain().block(h).orElseThrow().header().stateRoot());
      }
      headOfA = a.chain().head();
      versionOfA = a.coordinator().currentVersion();
      codeHashOfA = a.chain().activeRuntime().codeHash();
      rootOfA = a.chain().stateRoot();
      contentsOfA = ReplayNodes.contents(a);
    }
  }

  @Test
  void aFreshNodeReplaysEveryUpgradeFailureAndRollbackToTheSameStateAtEveryHeight() {
    try (ForklessHost b = fresh("b")) {
      List<HashCode> rootsOfB = new ArrayList<>(List.of(b.chain().stateRoot()));
      BlockImporter.Imported result =
          BlockImporter.importBlocks(
              b, new ByteArrayInputStream(exported), p -> rootsOfB.add(b.chain().stateRoot()));

      assertThat(rootsOfB).isEqualTo(rootsOfA);
      assertThat(result.blocksImported()).isEqualTo(headOfA.height());
      assertThat(result.transactionsImported()).isGreaterThan(3 * headOfA.height());
      assertThat(b.chain().head()).isEqualTo(headOfA);
      assertThat(b.chain().head().hash()).isEqualTo(headOfA.hash());
      assertThat(b.coordinator().currentVersion()).isEqualTo(versionOfA).isEqualTo(V11);
      assertThat(b.chain().activeRuntime().codeHash()).isEqualTo(codeHashOfA);
      assertThat(b.chain().stateRoot()).isEqualTo(rootOfA);
      assertThat(status(b, 1)).isEqualTo(ProposalStatus.EXECUTED);
      assertThat(status(b, 2)).isEqualTo(ProposalStatus.FAILED);
      assertThat(status(b, 3)).isEqualTo(ProposalStatus.ROLLED_BACK);
    }
  }

  @Test
  void aSecondRunSkipsWhatTheNodeHasAndImportsNothingTwice() {
    try (ForklessHost b = fresh("b")) {
      BlockImporter.importBlocks(b, new ByteArrayInputStream(exported), ProgressListener.NONE);
      BlockImporter.Imported again =
          BlockImporter.importBlocks(b, new ByteArrayInputStream(exported), ProgressListener.NONE);
      assertThat(again.blocksImported()).isZero();
      assertThat(again.blocksSkipped()).isEqualTo(headOfA.height());
      assertThat(b.chain().head()).isEqualTo(headOfA);
    }
  }

  @Test
  void aChangedTransactionIsRejectedAtItsHeightNamingBothRootsAndNothingPastItIsCommitted() {
    long k = plainTransferBlock;
    byte[] tampered =
        rewrite(
            blocks -> {
              Block original = blocks.get((int) k - 1);
              List<Transaction> txs = new ArrayList<>(original.transactions());
              int i = 0;
              while (txs.get(i).kind() != Transaction.Kind.RUNTIME) {
                i++;
              }
              // The load's first transfer is alice's "transfer bob 1": make it "transfer bob 2".
              byte[] changed = txs.get(i).payload();
              changed[changed.length - 1] = '2';
              txs.set(i, Transaction.runtime(changed));
              BlockHeader h = original.header();
              blocks.set(
                  (int) k - 1,
                  new Block(
                      new BlockHeader(
                          h.chainId(),
                          h.height(),
                          h.parentHash(),
                          h.timestampMillis(),
                          BlockHeader.txRoot(txs),
                          h.stateRoot(),
                          h.runtimeVersion(),
                          h.runtimeCodeHash()),
                      txs));
              return blocks;
            });
    try (ForklessHost b = fresh("b")) {
      assertThatThrownBy(() -> importAll(b, tampered))
          .isInstanceOfSatisfying(
              BlockImportException.class, e -> assertThat(e.height()).isEqualTo(k))
          .hasMessageContaining("import stopped at height " + k)
          .hasMessageContaining("state root")
          .hasMessageContaining(rootsOfA.get((int) k).toString());
      assertThat(b.chain().head().height()).isEqualTo(k - 1);
      assertThat(b.chain().stateRoot()).isEqualTo(rootsOfA.get((int) k - 1));
    }
  }

  @Test
  void aForgedRootAtAnActivationHeightIsRefusedAndTheTrueFileThenReplaysTheUpgradesAlike() {
    for (long k : new long[] {upgradeActivation, failedActivation}) {
      byte[] forged =
          rewrite(
              blocks -> {
                Block original = blocks.get((int) k - 1);
                BlockHeader h = original.header();
                blocks.set(
                    (int) k - 1,
                    new Block(
                        new BlockHeader(
                            h.chainId(),
                            h.height(),
                            h.parentHash(),
                            h.timestampMillis(),
                            h.txRoot(),
                            HashCode.fromBytes(new byte[32]),
                            h.runtimeVersion(),
                            h.runtimeCodeHash()),
                        original.transactions()));
                return blocks;
              });
      try (ForklessHost b = fresh("b")) {
        assertThatThrownBy(() -> importAll(b, forged))
            .as("activation at %d", k)
            .isInstanceOfSatisfying(
                BlockImportException.class, e -> assertThat(e.height()).isEqualTo(k))
            .hasMessageContaining("state root " + rootsOfA.get((int) k))
            .hasMessageContaining("claims " + HashCode.fromBytes(new byte[32]));
        assertThat(b.chain().head().height()).isEqualTo(k - 1);
        assertThat(b.coordinator().currentVersion()).isEqualTo(k == upgradeActivation ? V1 : V11);

        importAll(b, exported);

        assertThat(b.chain().head()).isEqualTo(headOfA);
        assertThat(status(b, 1)).isEqualTo(ProposalStatus.EXECUTED);
        assertThat(status(b, 2)).isEqualTo(ProposalStatus.FAILED);
      }
    }
  }

  @Test
  void exportFromAStoppedNodesStoreIsTheSameFileAndAPartialFileMustReachTheHead() {
    byte[] fromStore;
    byte[] middle;
    try (RocksStateStore store =
        RocksStateStore.open(dir.resolve("data-a"), StoreOptions.defaults())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlockExporter.export(store, 1, Optional.empty(), out);
      fromStore = out.toByteArray();
      out = new ByteArrayOutputStream();
      BlockExporter.Exported range = BlockExporter.export(store, 3, Optional.of(5L), out);
      assertThat(range).isEqualTo(new BlockExporter.Exported(3, 5, 3, 9));
      middle = out.toByteArray();
      assertThatThrownBy(
              () ->
                  BlockExporter.export(
                      store, 2, Optional.of(headOfA.height() + 1), new ByteArrayOutputStream()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must lie within 0.." + headOfA.height());
    }
    assertThat(fromStore).isEqualTo(exported);
    try (ForklessHost b = fresh("b")) {
      assertThatThrownBy(() -> importAll(b, middle))
          .isInstanceOfSatisfying(
              BlockImportException.class, e -> assertThat(e.height()).isEqualTo(1))
          .hasMessageContaining("starts at height 3 but this node's head is 0");
      assertThat(b.chain().head().height()).isZero();
    }
  }

  @Test
  void aRemovedBlockIsRejectedAtTheMissingHeight() {
    long k = plainTransferBlock;
    byte[] gap =
        rewrite(
            blocks -> {
              blocks.remove((int) k - 1);
              return blocks;
            });
    try (ForklessHost b = fresh("b")) {
      assertThatThrownBy(() -> importAll(b, gap))
          .isInstanceOfSatisfying(
              BlockImportException.class, e -> assertThat(e.height()).isEqualTo(k))
          .hasMessageContaining("block " + k + " is missing from the block file");
      assertThat(b.chain().head().height()).isEqualTo(k - 1);
      assertThat(b.chain().head().hash()).isEqualTo(blockOfFile(k - 1).hash());
    }
  }

  @Test
  void blocksOfAnotherChainIdOrGenesisAreRefusedBeforeAnythingIsCommitted() {
    Path plugins =
        ReplayNodes.pluginsWith(dir.resolve("plugins-other-" + nodeCount++), ALL_SAMPLES);
    byte[] otherChain;
    byte[] otherGenesis;
    try (ForklessHost c =
        nodes.open(
            "another-chain", ReplayNodes.GENESIS, dir.resolve("data-c-" + nodeCount), plugins)) {
      produce(c);
      otherChain = exportAll(c);
    }
    try (ForklessHost d =
        nodes.open(
            ReplayNodes.CHAIN,
            ReplayNodes.GENESIS + 1,
            dir.resolve("data-d-" + nodeCount),
            plugins)) {
      produce(d);
      otherGenesis = exportAll(d);
    }
    try (ForklessHost b = fresh("b")) {
      assertThatThrownBy(() -> importAll(b, otherChain))
          .isInstanceOf(BlockFileException.class)
          .hasMessageContaining("holds chain \"another-chain\"")
          .hasMessageContaining("runs chain \"" + ReplayNodes.CHAIN + "\"");
      assertThatThrownBy(() -> importAll(b, otherGenesis))
          .isInstanceOf(BlockFileException.class)
          .hasMessageContaining("is not this node's genesis");
      assertThat(b.chain().head().height()).isZero();
    }
  }

  @Test
  void aTruncatedFileImportsItsCompleteBlocksThenSaysItIsTruncated() {
    byte[] cut = java.util.Arrays.copyOf(exported, exported.length - 100);
    try (ForklessHost b = fresh("b")) {
      assertThatThrownBy(() -> importAll(b, cut))
          .isInstanceOf(BlockFileException.class)
          .hasMessageContaining("block file truncated");
      assertThat(b.chain().head().height()).isEqualTo(headOfA.height() - 1);
    }
  }

  @Test
  void withoutAnyPluginsFolderEveryJarTheImportRunsComesFromTheChain() {
    HashCode v2 = ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_2_0_0));
    try (ForklessHost b = fresh("no-plugins")) {
      assertThat(b.onChainCode().local().find(v2)).isEmpty();
      importAll(b, exported);
      assertThat(b.chain().stateRoot()).isEqualTo(rootOfA);
      // The upgrades' runtimes and plugins were loaded from code the chain carried.
      assertThat(b.onChainCode().cacheFolder().resolve(v2 + ".jar")).exists();
      assertThat(b.onChainCode().cacheFolder().resolve(failingPlugin.codeHash() + ".jar")).exists();
      // The code of the rolled-back 2.0.0 stays on chain while its proposal is retained or
      // recent; the state (code included) is the exporting node's, key for key.
      assertThat(ReplayNodes.contents(b)).isEqualTo(contentsOfA);
    }
  }

  @Test
  void twoImportsOfOneFileGiveByteIdenticalState() {
    Map<String, String> first;
    Map<String, String> second;
    try (ForklessHost b = fresh("b1")) {
      importAll(b, exported);
      first = ReplayNodes.contents(b);
    }
    try (ForklessHost b = fresh("b2")) {
      importAll(b, exported);
      second = ReplayNodes.contents(b);
    }
    assertThat(first).isNotEmpty().isEqualTo(second).isEqualTo(contentsOfA);
  }

  // ------------------------------------------------------------------ node A's history

  private long approveAndActivate(ForklessHost a, ProposeUpgrade proposal, long id) {
    produce(a, host(nodes.sign(proposal, proposal.proposer())));
    produce(
        a,
        host(nodes.sign(new VoteUpgrade(id, "alice", true), "alice")),
        host(nodes.sign(new VoteUpgrade(id, "bob", true), "bob")));
    long activation =
        a.governance().proposal(a.chain().state(), id).orElseThrow().activationHeight().getAsLong();
    while (a.chain().head().height() < activation) {
      produce(a);
    }
    return activation;
  }

  private ProposeUpgrade proposeV2(String migration, RuntimeCode plugin, long nonce) {
    return new ProposeUpgrade(
        "alice",
        "2.0.0 with " + migration,
        "staking",
        V2,
        ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_2_0_0)),
        Optional.of(
            new HashedMigrationPlan(
                new MigrationPlan(V11, V2, List.of(migration), 5, false),
                ImmutableMap.of(migration, plugin.codeHash()))),
        2,
        nonce);
  }

  private static RuntimeCode staking() {
    Path jar = SampleJars.jar(SampleJars.ADD_STAKING);
    return new RuntimeCode(jar, ReplayNodes.hash(jar));
  }

  /** One block with {@code extra} and three transfers (the load). */
  private ExecutedBlock produce(ForklessHost host, Transaction... extra) {
    for (Transaction tx : extra) {
      host.submit(tx);
    }
    String chain = host.chain().chainId();
    host.submit(runtime(chain, "transfer alice bob 1"));
    host.submit(runtime(chain, "transfer bob carol 2"));
    host.submit(runtime(chain, "transfer carol alice 1"));
    return host.producer().produceBlock().orElseThrow();
  }

  /** A user transaction written the old way ("transfer alice bob 1"), signed with a nonce. */
  private Transaction runtime(String text) {
    return runtime(ReplayNodes.CHAIN, text);
  }

  private Transaction runtime(String chainId, String text) {
    return Transaction.runtime(
        users.computeIfAbsent(chainId, io.forkless.testing.Accounts.Signer::new).sign(text));
  }

  private static Transaction host(io.forkless.host.governance.SignedGovernanceTx tx) {
    return Transaction.host(tx.encode());
  }

  private static ProposalStatus status(ForklessHost host, long id) {
    return host.governance().proposal(host.chain().state(), id).orElseThrow().status();
  }

  // ------------------------------------------------------------------ importing nodes

  /** A node with no plugins folder: the genesis runtime is given, everything else is on chain. */
  private ForklessHost fresh(String prefix) {
    String name = prefix + "-" + nodeCount++;
    return nodes.openWithoutPlugins(dir.resolve("data-" + name));
  }

  private static BlockImporter.Imported importAll(ForklessHost b, byte[] file) {
    return BlockImporter.importBlocks(b, new ByteArrayInputStream(file), ProgressListener.NONE);
  }

  private static byte[] exportAll(ForklessHost host) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlockExporter.exportAll(host.chain(), out);
    return out.toByteArray();
  }

  private List<Block> blocksOfFile() {
    BlockFileReader reader = BlockFileReader.open(new ByteArrayInputStream(exported));
    List<Block> blocks = new ArrayList<>();
    for (var b = reader.next(); b.isPresent(); b = reader.next()) {
      blocks.add(b.get());
    }
    return blocks;
  }

  private Block blockOfFile(long height) {
    return blocksOfFile().get((int) height - 1);
  }

  /** The exported file with its blocks (heights 1..head, index = height - 1) rewritten. */
  private byte[] rewrite(UnaryOperator<List<Block>> change) {
    BlockFileHeader header = BlockFileReader.open(new ByteArrayInputStream(exported)).header();
    List<Block> blocks = change.apply(blocksOfFile());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlockFileWriter writer =
        BlockFileWriter.start(
            out,
            new BlockFileHeader(
                header.formatVersion(),
                header.chainId(),
                header.genesisHash(),
                header.firstHeight(),
                blocks.size()));
    blocks.forEach(writer::append);
    writer.finish();
    return out.toByteArray();
  }
}
