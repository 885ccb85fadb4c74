package io.forkless.cluster;

import com.google.common.hash.HashCode;
import io.forkless.host.ForklessException;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TransactionRejectedException;
import io.forkless.host.codec.ChainReader;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.ValidatorSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validator of a network: the host's chain driven by a Ratis server instead of the single-node
 * block producer, plus a client for submitting transactions through the log. Start it with {@link
 * #start}; {@link #close} stops proposing, leaves the group and closes the Raft log (the caller
 * closes the host afterwards).
 *
 * <p>Transactions submitted to any validator are appended to the log ({@link #submit}) and enter
 * every validator's mempool when the entry applies, so the next leader has them if the current one
 * fails.
 */
public final class ClusterNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  /** Election timeouts: generous, so a loaded machine's pauses do not start elections. */
  static final TimeDuration ELECTION_MIN = TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS);

  static final TimeDuration ELECTION_MAX = TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS);

  private final ClusterConfig config;
  private final ForklessHost host;
  private final RaftGroup group;
  private final RaftServer server;
  private final ChainStateMachine machine;
  private final RaftClient client;
  private final RaftClient queries;
  private final BlockProposer proposer;
  private final PeerWatch peers;

  private ClusterNode(
      ClusterConfig config,
      ForklessHost host,
      RaftGroup group,
      RaftServer server,
      ChainStateMachine machine,
      RaftClient client,
      RaftClient queries,
      BlockProposer proposer,
      PeerWatch peers) {
    this.config = config;
    this.host = host;
    this.group = group;
    this.server = server;
    this.machine = machine;
    this.client = client;
    this.queries = queries;
    this.proposer = proposer;
    this.peers = peers;
  }

  /** The Raft group id of a chain: derived from its chain id, so every validator agrees. */
  public static RaftGroupId groupId(String chainId) {
    return RaftGroupId.valueOf(
        UUID.nameUUIDFromBytes(("forkless:" + chainId).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Joins the group and starts applying the log and, when leading, proposing a block every {@code
   * blockTime}. The host's own block producer must not run.
   *
   * @throws ForklessException if the Raft server cannot start (port in use, unreadable log folder)
   */
  public static ClusterNode start(
      ForklessHost host,
      ClusterConfig config,
      ValidatorSet validators,
      Duration blockTime,
      int maxTransactionsPerBlock) {
    List<RaftPeer> raftPeers = new ArrayList<>();
    for (ClusterConfig.Peer p : config.peers()) {
      if (validators.get(p.id()).isEmpty()) {
        throw new ForklessException(
            "cluster peer "
                + p.id()
                + " is not a genesis validator "
                + validators.all().keySet()
                + ": a peer's id is its validator name");
      }
      raftPeers.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build());
    }
    byte[] own = Ed25519.rawPublicKey(config.validatorKey().getPublic());
    byte[] listed = Ed25519.rawPublicKey(validators.get(config.nodeId()).orElseThrow().publicKey());
    if (!java.util.Arrays.equals(own, listed)) {
      throw new ForklessException(
          "the validator key file of "
              + config.nodeId()
              + " is not the key the genesis lists for "
              + config.nodeId()
              + ": give this validator's own key");
    }
    RaftGroup group = RaftGroup.valueOf(groupId(host.chain().chainId()), raftPeers);
    RaftProperties properties = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(properties, List.of(config.storageDir().toFile()));
    String address = config.self().address();
    GrpcConfigKeys.Server.setHost(properties, address.substring(0, address.lastIndexOf(':')));
    GrpcConfigKeys.Server.setPort(properties, config.self().port());
    RaftServerConfigKeys.Rpc.setTimeoutMin(properties, ELECTION_MIN);
    RaftServerConfigKeys.Rpc.setTimeoutMax(properties, ELECTION_MAX);
    RaftServerConfigKeys.Rpc.setRequestTimeout(
        properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));
    RaftClientConfigKeys.Rpc.setRequestTimeout(
        properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));
    // Snapshots every snapshotInterval applied entries let Ratis compact the log; a validator
    // that needs compacted entries is notified and imports the blocks itself (not a file copy).
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotInterval());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
    // Only closed segments are purged: size them so a snapshot interval fills a few of them.
    long segment =
        Math.max(64 * 1024, Math.min(32L * 1024 * 1024, config.snapshotInterval() * 1024));
    RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(segment));
    RaftServerConfigKeys.Log.setPurgeGap(
        properties, (int) Math.min(1024, config.snapshotInterval()));
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, false);

    PendingProposal pending = new PendingProposal(host.chain());
    ChainStateMachine machine =
        new ChainStateMachine(host, validators, pending, WrongRootFault.fromSystemProperty());
    RaftServer server;
    try {
      server =
          RaftServer.newBuilder()
              .setGroup(group)
              .setProperties(properties)
              .setServerId(RaftPeerId.valueOf(config.nodeId()))
              .setStateMachine(machine)
              .setOption(RaftStorage.StartupOption.RECOVER)
              .build();
      server.start();
    } catch (IOException e) {
      throw new ForklessException(
          "validator "
              + config.nodeId()
              + " could not start its Raft server on "
              + address
              + " (log in "
              + config.storageDir()
              + "): "
              + e.getMessage(),
          e);
    }
    RaftClient client =
        RaftClient.newBuilder()
            .setProperties(properties)
            .setRaftGroup(group)
            .setClientId(ClientId.randomId())
            .setRetryPolicy(
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                    40, TimeDuration.valueOf(250, TimeUnit.MILLISECONDS)))
            .build();
    RaftProperties queryProperties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(
        queryProperties, TimeDuration.valueOf(1, TimeUnit.SECONDS));
    RaftClient queries =
        RaftClient.newBuilder()
            .setProperties(queryProperties)
            .setRaftGroup(group)
            .setRetryPolicy(RetryPolicies.noRetry())
            .build();
    machine.attach(queries, client, blockTime.toMillis());
    RaftServer.Division division;
    try {
      division = server.getDivision(group.getGroupId());
    } catch (IOException e) {
      throw new ForklessException("the Raft group did not start: " + e.getMessage(), e);
    }
    BlockProposer proposer =
        new BlockProposer(
            host,
            config,
            pending,
            machine,
            division,
            client,
            maxTransactionsPerBlock,
            Clock.systemUTC());
    PeerWatch watch = new PeerWatch(config, queries);
    ClusterNode node =
        new ClusterNode(config, host, group, server, machine, client, queries, proposer, watch);
    proposer.start(blockTime);
    watch.start();
    log.info(
        "validator {} joined the network of {} ({}), Raft on {}, log in {}",
        config.nodeId(),
        config.peers().size(),
        config.peers().stream().map(ClusterConfig.Peer::id).toList(),
        address,
        config.storageDir());
    return node;
  }

  /**
   * Submits a transaction to the network: appends it to the log and waits until it is committed and
   * the leader's mempool has taken it.
   *
   * @return its hash; the transaction is then in the log of a majority and will be included
   * @throws TransactionRejectedException if it is malformed, already included, or the leader's
   *     mempool refused it (the reason says why)
   * @throws ForklessException if no majority could be reached (retry later)
   */
  public HashCode submit(byte[] encoded) {
    Transaction tx;
    try {
      tx = Transaction.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new TransactionRejectedException(
          TransactionRejectedException.Reason.MALFORMED,
          "malformed transaction: " + e.getMessage());
    }
    HashCode hash = tx.hash();
    if (host.chain().transactionIncluded(hash)) {
      throw new TransactionRejectedException(
          TransactionRejectedException.Reason.ALREADY_INCLUDED,
          "transaction " + hash + " is already in a block");
    }
    RaftClientReply reply;
    try {
      reply =
          client
              .io()
              .send(
                  Messages.of(ClusterCodec.encode(new ClusterEntry.SubmittedTransaction(encoded))));
    } catch (IOException e) {
      throw new ForklessException(
          "the network did not accept transaction "
              + hash
              + " (no majority of validators reachable: "
              + e.getMessage()
              + "); retry later",
          e);
    }
    if (!reply.isSuccess()) {
      throw new ForklessException(
          "the network did not accept transaction "
              + hash
              + ": "
              + reply.getException()
              + "; retry later");
    }
    try {
      // Read-your-writes: the caller's next question to this node (is it pending?) sees it.
      machine.awaitApplied(reply.getLogIndex(), Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] answer = reply.getMessage().getContent().toByteArray();
    ChainReader r = new ChainReader(answer, "submission answer");
    if (answer.length > 0 && r.u8() == ChainStateMachine.REFUSED) {
      TransactionRejectedException.Reason reason =
          TransactionRejectedException.Reason.valueOf(r.string(64));
      throw new TransactionRejectedException(reason, r.string(4096));
    }
    return hash;
  }

  /** Why this node refused a transaction that reached it through the log, if it did. */
  public Optional<String> refusal(HashCode txHash) {
    return machine.refusal(txHash);
  }

  /**
   * Why this validator is not applying or not producing blocks, if so: a halt on a block it cannot
   * apply (permanent until restart), or a failed proposal (retried every block time).
   */
  public Optional<String> haltedReason() {
    return machine.haltedReason().or(proposer::haltedReason);
  }

  /** This validator's view of the network now. */
  public ClusterStatus status() {
    RaftServer.Division division;
    try {
      division = server.getDivision(group.getGroupId());
    } catch (IOException e) {
      throw new ForklessException("the Raft group is not running: " + e.getMessage(), e);
    }
    var info = division.getInfo();
    Optional<String> leader = Optional.ofNullable(info.getLeaderId()).map(RaftPeerId::toString);
    List<ClusterStatus.PeerStatus> list = new ArrayList<>();
    for (ClusterConfig.Peer p : config.peers()) {
      if (p.id().equals(config.nodeId())) {
        list.add(
            new ClusterStatus.PeerStatus(
                p.id(),
                p.address(),
                OptionalLong.of(host.chain().head().height()),
                machine.haltedReason().isPresent()));
      } else {
        var seen = peers.last(p.id());
        list.add(
            new ClusterStatus.PeerStatus(
                p.id(),
                p.address(),
                seen.map(s -> OptionalLong.of(s.height())).orElse(OptionalLong.empty()),
                seen.map(ClusterCodec.PeerState::halted).orElse(false)));
      }
    }
    return new ClusterStatus(
        config.nodeId(),
        info.getCurrentRole().name(),
        leader,
        info.getCurrentTerm(),
        division.getRaftLog().getLastCommittedIndex(),
        info.getLastAppliedIndex(),
        machine.getLatestSnapshot() == null ? -1 : machine.getLatestSnapshot().getIndex(),
        machine.haltedReason(),
        list);
  }

  /** This node's configuration. */
  public ClusterConfig config() {
    return config;
  }

  @Override
  public void close() {
    proposer.close();
    peers.close();
    for (AutoCloseable c : List.<AutoCloseable>of(client, queries, server)) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing the validator's Raft {} failed: {}", c.getClass().getSimpleName(), e);
      }
    }
  }
}
