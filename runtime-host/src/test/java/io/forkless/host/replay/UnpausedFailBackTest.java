package io.forkless.host.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.upgrade.FailingBack;
import io.forkless.host.upgrade.LifecycleRecords;
import io.forkless.host.upgrade.RuntimeCode;
import io.forkless.host.upgrade.TestPlugins;
import io.forkless.testing.Accounts;
import io.forkless.testplugins.IndexBadValidation;
import io.forkless.testplugins.IndexBreaksSupply;
import io.forkless.testplugins.IndexFailFirst;
import io.forkless.testplugins.IndexFailLast;
import io.forkless.testplugins.IndexFailMiddle;
import io.forkless.testplugins.IndexFailNext;
import io.forkless.testplugins.SteppedIndexFailing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A governed node under steady transfer load through a stepped migration that lets users in ({@code
 * requiresPause = false}, 1.0.0 serves them) and fails by itself: at its first step (the activation
 * block), in the block right after the activation, a middle step, the last step, the validation,
 * and the swap's invariants. The failing block records the failure and runs its users' transactions
 * on the migrating state; the next block carries no user transaction, fails back and re-executes.
 * Every accepted transfer ends included and successful, the runtime state equals a chain that never
 * upgraded given the same transfers, and a fresh store importing the blocks reaches the same root
 * at every height.
 */
class UnpausedFailBackTest {

  private static final RuntimeVersion V1_0 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V1_1 = RuntimeVersion.of(1, 1, 0);

  @TempDir Path dir;

  private final ReplayNodes nodes = new ReplayNodes();
  private final List<HashCode> accepted = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private int tag;
  private ProposeUpgrade propose;

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("index_fail_first", IndexFailFirst.class, "injected failure at account 0"),
        Arguments.of("index_fail_next", IndexFailNext.class, "injected failure at account 25"),
        Arguments.of("index_fail_middle", IndexFailMiddle.class, "injected failure at account 300"),
        Arguments.of("index_fail_last", IndexFailLast.class, "injected failure at the last step"),
        Arguments.of("index_bad_validation", IndexBadValidation.class, "validation failure"),
        Arguments.of("index_breaks_supply", IndexBreaksSupply.class, "totalSupply"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void everyTransferAcceptedDuringTheMigrationEndsAppliedOnceAndReplayAgrees(
      String migration, Class<?> extension, String cause) throws IOException {
    Path plugins = plugins(migration, extension);
    Path data = dir.resolve("data");
    long failedAt;
    try (ForklessHost host = nodes.openMigrating(data, plugins)) {
      failedAt = runUntilFailure(host, migration);
      ProposalRecord proposal = host.governance().proposal(host.chain().state(), 1).orElseThrow();
      assertThat(proposal.reason()).contains(cause);
      finish(host, failedAt);
    }
    checkAgainstANeverUpgradedChainAndReplay(data, plugins);
  }

  @Test
  void aNodeRestartedBetweenTheFailingBlockAndTheFailBackFailsBackFromTheChainRecord()
      throws IOException {
    Path plugins = plugins("index_fail_middle", IndexFailMiddle.class);
    Path data = dir.resolve("data");
    long failedAt;
    try (ForklessHost host = nodes.openMigrating(data, plugins)) {
      failedAt = runUntilFailure(host, "index_fail_middle");
      assertThat(host.mempool().size()).as("nothing pending is lost by the restart").isZero();
    }
    try (ForklessHost host = nodes.openMigrating(data, plugins)) {
      assertThat(FailingBack.read(host.chain().state()))
          .as("the pending fail-back is chain state")
          .hasValueSatisfying(f -> assertThat(f.failedHeight()).isEqualTo(failedAt));
      assertThat(host.coordinator().hasRollbackSnapshot(1))
          .as("the restarted node kept the pre-upgrade snapshot")
          .isTrue();
      finish(host, failedAt);
    }
    checkAgainstANeverUpgradedChainAndReplay(data, plugins);
  }

  private Path plugins(String migration, Class<?> extension) {
    Path plugins =
        ReplayNodes.pluginsWith(
            dir.resolve("plugins"), SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_1_1_0);
    RuntimeCode code = TestPlugins.plugin(plugins, migration, extension, SteppedIndexFailing.class);
    propose =
        new ProposeUpgrade(
            "alice",
            "1.1.0 with " + migration,
            "unpaused stepped migration failing by itself",
            V1_1,
            ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_1_1_0)),
            Optional.of(
                new HashedMigrationPlan(
                    new MigrationPlan(V1_0, V1_1, List.of(migration), 5, false),
                    ImmutableMap.of(migration, code.codeHash()))),
            2,
            1);
    return plugins;
  }

  /**
   * Proposes and approves the upgrade, then produces blocks under load until it failed.
   *
   * @return the failing block's height
   */
  private long runUntilFailure(ForklessHost host, String migration) {
    submit(host, nodes.sign(host, propose, "alice"));
    submit(host, nodes.sign(host, new VoteUpgrade(1, "alice", true), "alice"));
    submit(host, nodes.sign(host, new VoteUpgrade(1, "bob", true), "bob"));
    host.producer().produceBlock().orElseThrow();
    boolean migrated = false;
    for (int i = 0; i < 200; i++) {
      load(host);
      ExecutedBlock b = host.producer().produceBlock().orElseThrow();
      assertThat(runtimeReceipts(b))
          .as("height %d", b.block().height())
          .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
      migrated |= LifecycleRecords.migrating(host.chain().state()).isPresent();
      ProposalStatus status =
          host.governance().proposal(host.chain().state(), 1).orElseThrow().status();
      if (status == ProposalStatus.FAILED) {
        long height = b.block().height();
        assertThat(runtimeTransactions(b.block()))
            .as("the failing block carried users' transfers")
            .isPositive();
        assertThat(FailingBack.read(host.chain().state()))
            .as("the failure is recorded; the next block fails back")
            .hasValueSatisfying(
                f -> {
                  assertThat(f.failedHeight()).isEqualTo(height);
                  assertThat(f.upgrade().upgradeId()).isEqualTo(1);
                });
        assertThat(LifecycleRecords.migrating(host.chain().state()))
            .as("no step runs any more: it cannot fail twice")
            .isEmpty();
        assertThat(host.coordinator().migrationStatus()).isEmpty();
        assertThat(host.coordinator().failsBackInNextBlock()).isTrue();
        assertThat(migrated || migration.equals("index_fail_first")).isTrue();
        return height;
      }
      assertThat(status).as("height %d", b.block().height()).isNotEqualTo(ProposalStatus.EXECUTED);
    }
    throw new AssertionError("the upgrade did not fail in 200 blocks");
  }

  /** The fail-back block, more load, then every accepted transfer checked. */
  private void finish(ForklessHost host, long failedAt) {
    load(host);
    ExecutedBlock back = host.producer().produceBlock().orElseThrow();
    assertThat(back.block().height()).isEqualTo(failedAt + 1);
    assertThat(runtimeTransactions(back.block()))
        .as("users' transactions wait for the block after the fail-back")
        .isZero();
    assertThat(FailingBack.read(host.chain().state())).isEmpty();
    assertThat(host.coordinator().failsBackInNextBlock()).isFalse();
    assertThat(host.coordinator().reexecutedReceipts(back.block().height()))
        .as("the transfers since the activation, the failing block's included")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
    assertThat(host.coordinator().currentVersion()).isEqualTo(V1_0);
    for (int i = 0; i < 3; i++) {
      load(host);
      host.producer().produceBlock().orElseThrow();
    }
    for (int i = 0; i < 10 && host.mempool().size() > 0; i++) {
      host.producer().produceBlock().orElseThrow();
    }
    assertThat(refused).as("refused at submission").isEmpty();
    for (HashCode h : accepted) {
      var at = host.chain().findTransaction(h);
      assertThat(at).as("%s included", h).isPresent();
      TxReceipt receipt =
          host.chain().receipts(at.get().height()).orElseThrow().get(at.get().index());
      assertThat(receipt.success())
          .as("%s at height %d: %s", h, at.get().height(), receipt.message())
          .isTrue();
    }
    for (long h = 1; h <= host.chain().head().height(); h++) {
      long height = h;
      assertThat(host.coordinator().reexecutedReceipts(h))
          .allSatisfy(r -> assertThat(r.success()).as("re-executed at %d", height).isTrue());
    }
    assertThat(host.coordinator().hasRollbackSnapshot(1)).isFalse();
    assertThat(host.store().snapshots()).as("the failed upgrade's snapshot is released").isEmpty();
  }

  /**
   * A chain that never upgraded, given the same transfers in the same order, has the same runtime
   * state; a fresh store importing the blocks reaches the same root at every height.
   */
  private void checkAgainstANeverUpgradedChainAndReplay(Path data, Path plugins)
      throws IOException {
    List<List<Transaction>> byBlock = new ArrayList<>();
    List<String> roots = new ArrayList<>();
    Map<String, String> runtimeState;
    Path file = dir.resolve("chain.blocks");
    try (ForklessHost host = nodes.openMigrating(data, plugins);
        OutputStream out = Files.newOutputStream(file)) {
      for (long h = 1; h <= host.chain().head().height(); h++) {
        Block b = host.chain().block(h).orElseThrow();
        roots.add(h + " " + b.header().stateRoot());
        byBlock.add(
            b.transactions().stream().filter(tx -> tx.kind() == Transaction.Kind.RUNTIME).toList());
      }
      runtimeState = runtimeKeys(ReplayNodes.contents(host));
      BlockExporter.exportAll(host.chain(), out);
    }
    Path refPlugins = ReplayNodes.pluginsWith(dir.resolve("plugins-ref"), SampleJars.RUNTIME_1_0_0);
    try (ForklessHost ref = nodes.openMigrating(dir.resolve("data-ref"), refPlugins)) {
      for (List<Transaction> txs : byBlock) {
        txs.forEach(ref::submit);
        ExecutedBlock b = ref.producer().produceBlock().orElseThrow();
        assertThat(runtimeReceipts(b))
            .hasSize(txs.size())
            .allSatisfy(r -> assertThat(r.success()).as(r.message()).isTrue());
      }
      assertThat(ref.mempool().size()).isZero();
      assertThat(runtimeKeys(ReplayNodes.contents(ref)))
          .as("pre-upgrade state plus every transfer, as if no upgrade had been tried")
          .isEqualTo(runtimeState);
    }
    Path freshPlugins = dir.resolve("plugins-fresh");
    Files.createDirectories(freshPlugins);
    try (Stream<Path> jars = Files.list(plugins)) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, freshPlugins.resolve(jar.getFileName()));
      }
    }
    List<String> imported = new ArrayList<>();
    try (ForklessHost fresh = nodes.openMigrating(dir.resolve("data-fresh"), freshPlugins);
        InputStream in = Files.newInputStream(file)) {
      BlockImporter.importBlocks(
          fresh,
          in,
          p ->
              imported.add(
                  fresh.chain().head().height() + " " + fresh.chain().head().header().stateRoot()));
      assertThat(fresh.chain().head().height()).isEqualTo(roots.size());
    }
    assertThat(imported).as("roots of the imported blocks").isEqualTo(roots);
  }

  private static List<TxReceipt> runtimeReceipts(ExecutedBlock b) {
    List<TxReceipt> out = new ArrayList<>();
    List<Transaction> txs = b.block().transactions();
    for (int i = 0; i < txs.size(); i++) {
      if (txs.get(i).kind() == Transaction.Kind.RUNTIME) {
        out.add(b.receipts().get(i));
      }
    }
    return out;
  }

  private static long runtimeTransactions(Block b) {
    return b.transactions().stream().filter(tx -> tx.kind() == Transaction.Kind.RUNTIME).count();
  }

  /** Two transfers a block: alice to bob, bob to carol, each with its sender's next nonce. */
  private void load(ForklessHost host) {
    transfer(host, "alice", "transfer bob 1 #" + tag++);
    transfer(host, "bob", "transfer carol 2 #" + tag++);
  }

  private void transfer(ForklessHost host, String from, String call) {
    Accounts.Account account = Accounts.dev(from);
    try {
      accepted.add(
          host.submit(
              Transaction.runtime(
                  account.sign(
                      host.chain().chainId(),
                      MultiBlockCrashNode.nextNonce(host, account),
                      call))));
    } catch (RuntimeException e) {
      refused.add(from + ": " + e.getMessage());
    }
  }

  private static void submit(ForklessHost host, SignedGovernanceTx tx) {
    host.submit(Transaction.host(tx.encode()));
  }

  /** The state's runtime keys (hex keys not starting with 00). */
  private static Map<String, String> runtimeKeys(Map<String, String> all) {
    Map<String, String> out = new TreeMap<>(all);
    out.keySet().removeIf(k -> k.startsWith("00"));
    return out;
  }
}
