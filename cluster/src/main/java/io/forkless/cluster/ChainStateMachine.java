package io.forkless.cluster;

import com.google.common.hash.HashCode;
import io.forkless.cluster.ClusterEntry.ProposedBlock;
import io.forkless.cluster.ClusterEntry.SubmittedTransaction;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TransactionRejectedException;
import io.forkless.host.codec.Codec;
import io.forkless.host.governance.ValidatorSet;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
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
 * <p>The store persists every block atomically, so restart needs no Ratis snapshot: the log is
 * replayed and blocks already stored are skipped.
 */
public final class ChainStateMachine extends BaseStateMachine {

  private static final Logger log = LoggerFactory.getLogger(ChainStateMachine.class);

  /** First byte of a transaction entry's answer: accepted. */
  static final int ACCEPTED = 0;

  /** First byte of a transaction entry's answer: refused, then the reason. */
  static final int REFUSED = 1;

  private final ForklessHost host;
  private final Chain chain;
  private final Refusals refusals = new Refusals(10_000);
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final BlockApplier blocks;

  ChainStateMachine(ForklessHost host, ValidatorSet validators, PendingProposal pending) {
    this.host = host;
    this.chain = host.chain();
    this.blocks = new BlockApplier(host, validators, pending);
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    reinitialize();
  }

  @Override
  public void reinitialize() throws IOException {
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
    return CompletableFuture.completedFuture(reply);
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
    try {
      host.mempool().submit(encoded);
      return Messages.of(new Codec.Writer().u8(ACCEPTED).toByteArray());
    } catch (TransactionRejectedException e) {
      if (e.reason() == TransactionRejectedException.Reason.DUPLICATE
          || e.reason() == TransactionRejectedException.Reason.ALREADY_INCLUDED) {
        return Messages.of(new Codec.Writer().u8(ACCEPTED).toByteArray());
      }
      HashCode hash = Transaction.decode(encoded).hash();
      refusals.record(hash, e.getMessage());
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
    Block head = chain.head();
    return CompletableFuture.completedFuture(
        Messages.of(
            ClusterCodec.encode(
                new ClusterCodec.PeerState(
                    head.height(), head.hash(), blocks.haltedReason().isPresent()))));
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
