package io.forkless.node.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import io.forkless.cluster.ClusterConfig;
import io.forkless.cluster.ClusterNode;
import io.forkless.cluster.ClusterStatus;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Transaction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the RPC server and the dashboard need from the validator network, and the single-node
 * answers when the node is not a validator: transactions go to the network (through the Raft log)
 * or to the local mempool; status and the dashboard get a {@code network} object or null.
 */
public final class NetworkView {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final @Nullable ClusterNode network;
  private final ForklessHost host;

  private NetworkView(@Nullable ClusterNode network, ForklessHost host) {
    this.network = network;
    this.host = host;
  }

  /** The view of {@code network}, or of a single node when it is null. */
  public static NetworkView of(@Nullable ClusterNode network, ForklessHost host) {
    return new NetworkView(network, host);
  }

  /** True when this node is a validator of a network. */
  public boolean clustered() {
    return network != null;
  }

  /**
   * Submits a canonically encoded transaction: to the network's log, or to the local mempool.
   *
   * @throws io.forkless.host.chain.TransactionRejectedException saying why it was refused
   * @throws io.forkless.host.ForklessException when no majority of validators can be reached
   */
  public HashCode submit(byte[] encoded) {
    ClusterNode n = network;
    return n == null ? host.mempool().submit(encoded) : n.submit(encoded);
  }

  /** Submits {@code tx} (see {@link #submit(byte[])}). */
  public HashCode submit(Transaction tx) {
    ClusterNode n = network;
    return n == null ? host.submit(tx) : n.submit(tx.encode());
  }

  /**
   * After {@link ForklessHost#rollback} queued a rollback locally: on a network it must reach the
   * leader, so it goes through the log too.
   */
  public void rollbackQueued(HashCode carrier) {
    ClusterNode n = network;
    if (n != null) {
      host.mempool().peek(Math.max(1, host.mempool().size())).stream()
          .filter(tx -> tx.hash().equals(carrier))
          .findFirst()
          .ifPresent(tx -> n.submit(tx.encode()));
    }
  }

  /** Why this node's mempool refused a transaction that reached it through the log, if so. */
  public Optional<String> refusal(HashCode txHash) {
    ClusterNode n = network;
    return n == null ? Optional.empty() : n.refusal(txHash);
  }

  /** Why this node is halted: the network's alert, else the single-node producer's. */
  public Optional<String> haltedReason() {
    ClusterNode n = network;
    return n == null ? host.producer().haltedReason() : n.haltedReason();
  }

  /** The {@code network} object of status and the dashboard; empty on a single node. */
  public Optional<ObjectNode> json() {
    ClusterNode n = network;
    if (n == null) {
      return Optional.empty();
    }
    ClusterStatus s = n.status();
    long own = host.chain().head().height();
    ObjectNode out = F.objectNode();
    out.put("nodeId", s.nodeId())
        .put("role", s.role())
        .put("leader", s.leader().orElse(null))
        .put("term", s.term())
        .put("commitIndex", s.commitIndex())
        .put("appliedIndex", s.appliedIndex())
        .put("snapshotIndex", s.snapshotIndex())
        .put("halted", s.halted().orElse(null))
        .put("majority", n.config().majority());
    ArrayNode peers = out.putArray("peers");
    for (ClusterStatus.PeerStatus p : s.peers()) {
      ObjectNode o =
          peers
              .addObject()
              .put("id", p.id())
              .put("address", p.address())
              .put("role", p.id().equals(s.leader().orElse(null)) ? "leader" : "follower")
              .put("halted", p.halted());
      if (p.height().isPresent()) {
        o.put("height", p.height().getAsLong()).put("lag", own - p.height().getAsLong());
      } else {
        o.putNull("height").putNull("lag");
      }
    }
    return Optional.of(out);
  }

  /** Term, leadership, commit and applied index, halt, and each peer's lag in blocks. */
  public static void registerMeters(ClusterNode network, ForklessHost host, MeterRegistry meters) {
    Gauge.builder("forkless.cluster.term", network, n -> n.status().term())
        .description("the validator network's current Raft term")
        .register(meters);
    Gauge.builder(
            "forkless.cluster.leader",
            network,
            n -> n.status().leader().filter(l -> l.equals(n.config().nodeId())).isPresent() ? 1 : 0)
        .description("1 while this validator is the network's leader")
        .register(meters);
    Gauge.builder("forkless.cluster.commit.index", network, n -> n.status().commitIndex())
        .description("the highest Raft log index known committed")
        .register(meters);
    Gauge.builder("forkless.cluster.applied.index", network, n -> n.status().appliedIndex())
        .description("the highest Raft log index this validator applied")
        .register(meters);
    Gauge.builder("forkless.cluster.halted", network, n -> n.status().halted().isPresent() ? 1 : 0)
        .description("1 while this validator is halted on a block it cannot apply (see /health)")
        .register(meters);
    for (ClusterConfig.Peer peer : network.config().peers()) {
      Gauge.builder(
              "forkless.cluster.peer.lag",
              network,
              n ->
                  n.status().peers().stream()
                      .filter(p -> p.id().equals(peer.id()))
                      .findFirst()
                      .flatMap(p -> p.height().isPresent() ? Optional.of(p) : Optional.empty())
                      .map(p -> (double) (host.chain().head().height() - p.height().getAsLong()))
                      .orElse(Double.NaN))
          .tags(Tags.of("peer", peer.id()))
          .description(
              "blocks the peer is behind this validator's head (NaN while it does not answer)")
          .register(meters);
    }
  }
}
