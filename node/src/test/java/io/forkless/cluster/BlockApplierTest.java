package io.forkless.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import io.forkless.cluster.BlockApplier.Outcome;
import io.forkless.cluster.ClusterEntry.ProposedBlock;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.chain.PreparedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.Ed25519;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.dev.DevChain;
import io.forkless.node.server.NodeSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two validators' chains (real RocksDB stores, the signed 1.0.0 runtime) fed the same committed
 * block entries: the leader commits the block it executed, the follower re-executes it, and a block
 * whose header root is wrong halts the follower with both roots and the height.
 */
class BlockApplierTest {

  @TempDir Path tmp;

  private ForklessHost leader;
  private ForklessHost follower;
  private PendingProposal leaderPending;
  private BlockApplier atLeader;
  private BlockApplier atFollower;

  @BeforeEach
  void open() throws Exception {
    leader = host("a");
    follower = host("b");
    leaderPending = new PendingProposal(leader.chain());
    atLeader = new BlockApplier(leader, DevChain.validators(), leaderPending);
    atFollower =
        new BlockApplier(follower, DevChain.validators(), new PendingProposal(follower.chain()));
  }

  @AfterEach
  void close() {
    leader.close();
    follower.close();
  }

  @Test
  void theLeaderCommitsWhatItExecutedAndTheFollowerReachesTheSameRoot() {
    PreparedBlock prepared = propose("transfer alice bob 5");
    ProposedBlock entry = signed("alice", prepared.block());

    assertThat(atLeader.apply(entry, "1")).isEqualTo(Outcome.APPLIED);
    assertThat(leaderPending.inFlight()).as("the prepared block was used").isFalse();
    assertThat(atFollower.apply(entry, "1")).isEqualTo(Outcome.APPLIED);

    assertThat(follower.chain().head().hash()).isEqualTo(leader.chain().head().hash());
    assertThat(follower.chain().stateRoot()).isEqualTo(leader.chain().stateRoot());
    assertThat(follower.chain().head().height()).isEqualTo(1);
  }

  @Test
  void aBlockWhoseRootIsWrongHaltsTheNodeNamingBothRootsAndTheHeight() {
    PreparedBlock prepared = propose("transfer alice bob 5");
    Block good = prepared.block();
    BlockHeader h = good.header();
    HashCode wrong = HashCode.fromBytes(new byte[32]);
    Block bad =
        new Block(
            new BlockHeader(
                h.chainId(),
                h.height(),
                h.parentHash(),
                h.timestampMillis(),
                h.txRoot(),
                wrong,
                h.runtimeVersion(),
                h.runtimeCodeHash()),
            good.transactions());
    HashCode before = follower.chain().stateRoot();

    assertThat(atFollower.apply(signed("alice", bad), "7")).isEqualTo(Outcome.HALTED);

    assertThat(atFollower.haltedReason())
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("halted at height 1")
                    .contains(wrong.toString())
                    .contains(good.header().stateRoot().toString()));
    assertThat(follower.chain().head().height()).isZero();
    assertThat(follower.chain().stateRoot()).isEqualTo(before);
    // Halted for good: not even the right block applies any more (until a restart).
    assertThat(atFollower.apply(signed("alice", good), "8")).isEqualTo(Outcome.HALTED);
    assertThat(follower.chain().head().height()).isZero();
  }

  @Test
  void skipsABlockNotSignedByItsProposerAlikeOnEveryNode() {
    Block block = propose("transfer alice bob 5").block();
    byte[] bobsSignature =
        Ed25519.sign(DevChain.devKey("bob").getPrivate(), ClusterCodec.signedBytes(block));
    ProposedBlock forged = new ProposedBlock("alice", block, bobsSignature);

    assertThat(atLeader.apply(forged, "1")).isEqualTo(Outcome.SKIPPED);
    assertThat(atFollower.apply(forged, "1")).isEqualTo(Outcome.SKIPPED);
    assertThat(leaderPending.inFlight()).as("the forged block's staged copy is dropped").isFalse();
    assertThat(leader.chain().head().height()).isZero();
    assertThat(follower.chain().head().height()).isZero();
    assertThat(atFollower.haltedReason()).isEmpty();
  }

  @Test
  void skipsABlockAlreadyAppliedAndAStaleProposalForTheSameHeight() {
    PreparedBlock first = propose("transfer alice bob 5");
    ProposedBlock entry = signed("alice", first.block());
    assertThat(atLeader.apply(entry, "1")).isEqualTo(Outcome.APPLIED);
    assertThat(atFollower.apply(entry, "1")).isEqualTo(Outcome.APPLIED);

    // The same entry again (log replay after a restart) and a rival block for height 1.
    assertThat(atFollower.apply(entry, "1")).isEqualTo(Outcome.SKIPPED);
    Block rival =
        new Block(
            new BlockHeader(
                entry.block().header().chainId(),
                1,
                entry.block().header().parentHash(),
                entry.block().header().timestampMillis() + 1,
                BlockHeader.txRoot(List.of()),
                entry.block().header().stateRoot(),
                entry.block().header().runtimeVersion(),
                entry.block().header().runtimeCodeHash()),
            List.of());
    assertThat(atFollower.apply(signed("bob", rival), "2")).isEqualTo(Outcome.SKIPPED);
    assertThat(follower.chain().head().hash()).isEqualTo(entry.block().hash());
    assertThat(atFollower.haltedReason()).isEmpty();
  }

  @Test
  void aProposalOvertakenByAnotherBlockIsDiscardedAndTheOtherImported() {
    // The follower (as a would-be leader) prepares its own block 1 ...
    PendingProposal followerPending = new PendingProposal(follower.chain());
    BlockApplier applier = new BlockApplier(follower, DevChain.validators(), followerPending);
    PreparedBlock own =
        follower
            .chain()
            .prepareBlock(List.of(runtimeTx("transfer bob alice 1")), System.currentTimeMillis());
    assertThat(followerPending.offer(own)).isTrue();
    // ... but the leader's block 1 is what the log commits.
    ProposedBlock leaders = signed("alice", propose("transfer alice bob 5").block());
    assertThat(atLeader.apply(leaders, "1")).isEqualTo(Outcome.APPLIED);

    assertThat(applier.apply(leaders, "1")).isEqualTo(Outcome.APPLIED);
    assertThat(followerPending.inFlight()).isFalse();
    assertThat(follower.chain().stateRoot()).isEqualTo(leader.chain().stateRoot());
  }

  @Test
  void theTestOnlyWrongRootFaultFalsifiesImportedBlocksFromItsHeightOnAndHaltsThere() {
    WrongRootFault fault = WrongRootFault.parse(" 2 ");
    assertThat(fault.armed()).isTrue();
    BlockApplier leaderWithFault =
        new BlockApplier(leader, DevChain.validators(), leaderPending, fault);
    BlockApplier followerWithFault =
        new BlockApplier(
            follower, DevChain.validators(), new PendingProposal(follower.chain()), fault);

    ProposedBlock first = signed("alice", propose("transfer alice bob 5").block());
    assertThat(leaderWithFault.apply(first, "1")).isEqualTo(Outcome.APPLIED);
    assertThat(followerWithFault.apply(first, "1"))
        .as("below its height")
        .isEqualTo(Outcome.APPLIED);

    ProposedBlock second = signed("alice", propose("transfer bob alice 2").block());
    // The block this node proposed itself is committed as executed: the fault is on imports only.
    assertThat(leaderWithFault.apply(second, "2")).isEqualTo(Outcome.APPLIED);
    assertThat(followerWithFault.apply(second, "2")).isEqualTo(Outcome.HALTED);
    HashCode right = second.block().header().stateRoot();
    assertThat(followerWithFault.haltedReason())
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("halted at height 2")
                    .contains(right.toString())
                    .contains(
                        com.google.common.hash.Hashing.sha256()
                            .hashBytes(right.asBytes())
                            .toString()));
    assertThat(follower.chain().head().height()).isEqualTo(1);
  }

  @Test
  void theWrongRootFaultIsOffUnlessSetAndRefusesAValueThatIsNotAHeight() {
    assertThat(WrongRootFault.parse(null).armed()).isFalse();
    Block block = propose("transfer alice bob 5").block();
    assertThat(WrongRootFault.parse(null).apply(block)).isSameAs(block);
    assertThat(WrongRootFault.parse("5").apply(block)).as("below its height").isSameAs(block);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WrongRootFault.parse("soon"))
        .hasMessageContaining(WrongRootFault.PROPERTY)
        .hasMessageContaining("\"soon\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WrongRootFault.parse("0"))
        .hasMessageContaining("must be a height >= 1 but was 0");
  }

  private PreparedBlock propose(String text) {
    PreparedBlock prepared =
        leader.chain().prepareBlock(List.of(runtimeTx(text)), System.currentTimeMillis());
    assertThat(leaderPending.offer(prepared)).isTrue();
    return prepared;
  }

  private static Transaction runtimeTx(String text) {
    return Transaction.runtime(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static ProposedBlock signed(String proposer, Block block) {
    return new ProposedBlock(
        proposer,
        block,
        Ed25519.sign(DevChain.devKey(proposer).getPrivate(), ClusterCodec.signedBytes(block)));
  }

  private ForklessHost host(String name) throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve(name).resolve("plugins"));
    Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_0_0), plugins.resolve(SampleJars.RUNTIME_1_0_0));
    NodeSettings settings =
        NodeSettings.resolve(
            new NodeSettings.Options(
                NodeSettings.Mode.DEV,
                Optional.of(tmp.resolve(name).resolve("data")),
                Optional.of(plugins),
                Optional.of(new RpcAddress("127.0.0.1", 0)),
                OptionalLong.of(50),
                Optional.empty()),
            NodeConfig.empty());
    return settings.hostBuilder().build();
  }
}
