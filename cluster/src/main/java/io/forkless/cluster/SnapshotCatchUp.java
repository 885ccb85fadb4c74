package io.forkless.cluster;

import io.forkless.host.ForklessException;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.codec.ChainReader;
import java.io.IOException;
import java.util.Optional;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a validator whose missing log entries were compacted away up to the leader's snapshot: it
 * asks the leader for its latest snapshot's position and for each committed block it lacks, and
 * imports every one of them (re-executing it, checking its header, activating upgrades at their
 * heights) before Ratis resumes the log after the snapshot. A snapshot is thus verified block by
 * block, never trusted; its cost is the re-execution of the blocks missed.
 */
final class SnapshotCatchUp {

  private static final Logger log = LoggerFactory.getLogger(SnapshotCatchUp.class);

  private final ForklessHost host;
  private final RaftClient queries;

  SnapshotCatchUp(ForklessHost host, RaftClient queries) {
    this.host = host;
    this.queries = queries;
  }

  /**
   * Imports the leader's blocks up to its head and returns the leader's latest snapshot position,
   * which this node's log continues from.
   *
   * @throws ForklessException if the leader does not answer or a block does not import
   */
  TermIndex catchUp(RaftPeerId leader) {
    byte[] snapshot = ask(leader, ClusterCodec.snapshotQuery());
    ChainReader r = new ChainReader(snapshot, "snapshot answer");
    if (r.u8() != 1) {
      throw new ForklessException("leader " + leader + " has no snapshot to install yet");
    }
    TermIndex position = TermIndex.valueOf(r.i64(), r.i64());
    long leaderHead = ClusterCodec.decodePeerState(ask(leader, new byte[0])).height();
    Chain chain = host.chain();
    long from = chain.head().height();
    log.info(
        "catching up from height {} to leader {}'s height {} (its snapshot {}): importing every"
            + " block",
        from,
        leader,
        leaderHead,
        position);
    for (long h = from + 1; h <= leaderHead; h++) {
      Optional<Block> block =
          ClusterCodec.decodeBlockAnswer(ask(leader, ClusterCodec.blockQuery(h)));
      if (block.isEmpty()) {
        throw new ForklessException("leader " + leader + " has no block " + h);
      }
      chain.importBlock(block.get());
      host.mempool().removeAll(block.get().transactions().stream().map(Transaction::hash).toList());
    }
    log.info("caught up to height {} from leader {}", chain.head().height(), leader);
    return position;
  }

  private byte[] ask(RaftPeerId peer, byte[] query) {
    try {
      RaftClientReply reply = queries.io().sendStaleRead(Messages.of(query), 0, peer);
      if (!reply.isSuccess()) {
        throw new ForklessException(
            "validator " + peer + " did not answer: " + reply.getException());
      }
      return reply.getMessage().getContent().toByteArray();
    } catch (IOException e) {
      throw new ForklessException("validator " + peer + " did not answer: " + e.getMessage(), e);
    }
  }
}
