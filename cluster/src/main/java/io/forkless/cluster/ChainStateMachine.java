package io.forkless.cluster;

import com.google.common.hash.HashCode;
import io.forkless.cluster.ClusterEntry.ProposedBlock;
import io.forkless.cluster.ClusterEntry.SubmittedTransaction;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TransactionOutcomes;
import io.forkless.host.chain.TransactionRejectedException;
import io.forkless.host.codec.ChainReader;
import io.forkless.host.codec.Codec;
import io.forkless.host.governance.ValidatorSet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain as a Ratis state machine: the only place where a validator's chain state changes, in
 * log order (Ratis' {@code applyTransaction}).
 *
 * <p>A block entry is applied when it extends the head (its height is the head's plus one and its
 * parent is the head): the leader commits the block it executed when proposing ({@link
 * PendingProposal}), every other node imports it, re-executing every transaction, and its header
 * must match (state root, runtime). An entry that does not extend the head is a stale proposal (a
 * former leader's, or a retried append) or, after a restart, a block already in the store: it is
 * skipped, alike on every node. A block that extends the head but does not execute to its header,
 * or that this node cannot execute, halts this node: it applies nothing more and reports the alert
 * (both state roots and the height) until the operator restarts it with the cause fixed; it never
 * goes on with its own state. A block whose signature is not its proposer's is skipped on every
 * node (committed by a faulty leader; the next leader proposes that height again).
 *
 * <p>A transaction entry enters this node's mempool; the answer (accepted, or refused and why) is
 * what the submitter gets back, from the leader's state machine.
 *
 * <p>The store persists every block atomically, so a restart replays the log after the last
 * snapshot and skips the blocks already stored. A snapshot only records which log entry the store's
 * head corresponds to, which lets Ratis compact the log; a validator that needs compacted entries
 * imports the blocks from the leader instead ({@link #notifyInstallSnapshotFromLeader}).
 */
public final class ChainStateMachine extends BaseStateMachine {

  private static final Logger log = LoggerFactory.getLogger(ChainStateMachine.class);

  /** First byte of a transaction entry's answer: accepted. */
  static final int ACCEPTED = 0;

  /** First byte of a transaction entry's answer: refused, then the reason. */
  static final int REFUSED = 1;

  private final ForklessHost host;
  private final Chain chain;
  private final TransactionOutcomes refusals = new TransactionOutcomes(10_000);
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final BlockApplier blocks;
  private final Object appliedMonitor = new Object();
  private final LocalRelay relay;
  private final java.util.concurrent.ExecutorService catchUpThread =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "snapshot-catch-up");
            t.setDaemon(true);
            return t;
          });
  private volatile @Nullable SnapshotCatchUp catchUp;

  ChainStateMachine(ForklessHost host, ValidatorSet validators, PendingProposal pending) {
    this.host = host;
    this.chain = host.chain();
    this.blocks = new BlockApplier(host, validators, pending);
    this.relay = new LocalRelay(host.mempool());
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    // Ratis reloads a paused machine after a snapshot install: the life cycle says so.
    getLifeCycle().startAndTransition(this::loadLatestSnapshot);
  }

  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    loadLatestSnapshot();
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  private void loadLatestSnapshot() {
    SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
    if (latest != null) {
      setLastAppliedTermIndex(latest.getTermIndex());
    }
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    var entry = trx.getLogEntry();
    TermIndex termIndex = TermIndex.valueOf(entry);
    byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
    Message reply;
    try {
      reply = apply(data, termIndex);
    } catch (RuntimeException | Error e) {
      // Nothing may stop the applier thread: an unexpected failure halts this node loudly.
      blocks.halt("ALERT: applying log entry " + termIndex + " failed: " + e, e);
      reply = Message.EMPTY;
    }
    updateLastAppliedTermIndex(termIndex);
    synchronized (appliedMonitor) {
      appliedMonitor.notifyAll();
    }
    return CompletableFuture.completedFuture(reply);
  }

  /**
   * Waits until this node applied the log entry at {@code index} (so a client reading from this
   * node sees what it just submitted), at most {@code timeout}.
   *
   * @return true if it was applied in time
   */
  boolean awaitApplied(long index, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (appliedMonitor) {
      while (true) {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied != null && applied.getIndex() >= index) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(appliedMonitor, left);
      }
    }
  }

  private Message apply(byte[] data, TermIndex termIndex) {
    ClusterEntry entry;
    try {
      entry = ClusterCodec.decode(data);
    } catch (IllegalArgumentException e) {
      // Written by a node of another version or a faulty one: skipped alike by every node.
      log.error("skipping log entry {}: {}", termIndex, e.getMessage());
      return Message.EMPTY;
    }
    if (entry instanceof SubmittedTransaction tx) {
      return admit(tx.encoded());
    }
    blocks.apply((ProposedBlock) entry, termIndex.toString());
    return Message.EMPTY;
  }

  private Message admit(byte[] encoded) {
    HashCode txHash;
    try {
      txHash = Transaction.decode(encoded).hash();
    } catch (IllegalArgumentException e) {
      return Messages.of(
          new Codec.Writer()
              .u8(REFUSED)
              .string(TransactionRejectedException.Reason.MALFORMED.name())
              .string(truncate("malformed transaction: " + e.getMessage()))
              .toByteArray());
    }
    relay.inLog(txHash);
    try {
      host.mempool().submit(encoded);
      return Messages.of(new Codec.Writer().u8(ACCEPTED).toByteArray());
    } catch (TransactionRejectedException e) {
      if (e.reason() == TransactionRejectedException.Reason.DUPLICATE
          || e.reason() == TransactionRejectedException.Reason.ALREADY_INCLUDED) {
        return Messages.of(new Codec.Writer().u8(ACCEPTED).toByteArray());
      }
      refusals.record(txHash, e.getMessage());
      return Messages.of(
          new Codec.Writer()
              .u8(REFUSED)
              .string(e.reason().name())
              .string(truncate(e.getMessage()))
              .toByteArray());
    }
  }

  private static String truncate(String text) {
    return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    byte[] q = request.getContent().toByteArray();
    if (q.length == 0) {
      Block head = chain.head();
      return CompletableFuture.completedFuture(
          Messages.of(
              ClusterCodec.encode(
                  new ClusterCodec.PeerState(
                      head.height(), head.hash(), blocks.haltedReason().isPresent()))));
    }
    try {
      ChainReader r = new ChainReader(q, "validator query");
      int kind = r.u8();
      if (kind == ClusterCodec.QUERY_BLOCK) {
        long height = r.i64();
        r.end();
        return CompletableFuture.completedFuture(
            Messages.of(ClusterCodec.blockAnswer(chain.block(height))));
      }
      if (kind == ClusterCodec.QUERY_SNAPSHOT) {
        r.end();
        SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
        Codec.Writer w = new Codec.Writer();
        if (latest == null) {
          w.u8(0);
        } else {
          w.u8(1).i64(latest.getTerm()).i64(latest.getIndex());
        }
        return CompletableFuture.completedFuture(Messages.of(w.toByteArray()));
      }
      throw new IllegalArgumentException("validator query: unknown kind " + kind);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Records the last applied entry as a snapshot, so Ratis may compact the log up to it. The store
   * already holds the state (every block commits atomically), so the snapshot file only names the
   * head it corresponds to; a halted node takes none (its state is behind its log).
   */
  @Override
  public long takeSnapshot() throws IOException {
    if (blocks.haltedReason().isPresent()) {
      SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
      return latest == null ? RaftLog.INVALID_LOG_INDEX : latest.getIndex();
    }
    TermIndex applied = getLastAppliedTermIndex();
    Block head = chain.head();
    writeSnapshot(applied, head);
    log.info("snapshot at log entry {} (height {})", applied, head.height());
    return applied.getIndex();
  }

  private void writeSnapshot(TermIndex at, Block head) throws IOException {
    File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
    Files.write(
        file.toPath(), new Codec.Writer().i64(head.height()).hash(head.hash()).toByteArray());
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), at));
  }

  /**
   * The leader compacted entries this node still needs (it was down long, or starts empty): catch
   * up by importing the leader's blocks (see {@link SnapshotCatchUp}), then continue the log from
   * the leader's snapshot. Runs off Ratis' threads.
   */
  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
      RoleInfoProto roleInfoProto, TermIndex firstTermIndexInLog) {
    SnapshotCatchUp catchUp = this.catchUp;
    if (catchUp == null || blocks.haltedReason().isPresent()) {
      return CompletableFuture.completedFuture(null);
    }
    RaftPeerId leader =
        RaftPeerId.valueOf(roleInfoProto.getFollowerInfo().getLeaderInfo().getId().getId());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            TermIndex position = catchUp.catchUp(leader);
            writeSnapshot(position, chain.head());
            return position;
          } catch (IOException | RuntimeException e) {
            blocks.halt(
                "ALERT: catching up from leader "
                    + leader
                    + " failed at height "
                    + (chain.head().height() + 1)
                    + ": "
                    + e.getMessage()
                    + "; restart this validator to retry, or copy a healthy validator's data"
                    + " folder",
                e);
            throw new java.util.concurrent.CompletionException(e);
          }
        },
        catchUpThread);
  }

  /**
   * Lets this machine fetch blocks from the leader when a snapshot must be installed ({@code
   * queries}), and send local transactions through the log ({@code client}).
   */
  void attach(RaftClient queries, RaftClient client, long relayPeriodMillis) {
    this.catchUp = new SnapshotCatchUp(host, queries);
    relay.start(client, relayPeriodMillis);
  }

  @Override
  public void close() throws IOException {
    catchUpThread.shutdownNow();
    relay.close();
    super.close();
  }

  /** Why this node stopped applying blocks, if it did. */
  public Optional<String> haltedReason() {
    return blocks.haltedReason();
  }

  /** Why this node's mempool refused a submitted transaction, if it did (recent ones). */
  public Optional<String> refusal(HashCode txHash) {
    return refusals.reason(txHash);
  }
}
