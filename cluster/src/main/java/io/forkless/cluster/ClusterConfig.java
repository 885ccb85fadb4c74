package io.forkless.cluster;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One validator's view of the network: who it is, the key it signs its blocks with, and every
 * member of the group (itself included). The group is fixed by configuration: the genesis
 * validators.
 *
 * @param nodeId this validator's id: its name in the genesis validator set
 * @param validatorKey the Ed25519 key pair of that validator (signs the blocks it leads)
 * @param peers every member, this node included, in a fixed order shared by all nodes
 * @param storageDir where the Raft log and snapshots live (e.g. {@code DATA/ratis})
 * @param snapshotInterval applied log entries between snapshots (each lets Ratis compact the log)
 */
public record ClusterConfig(
    String nodeId, KeyPair validatorKey, List<Peer> peers, Path storageDir, long snapshotInterval) {

  /** Log entries between snapshots unless configured. */
  public static final long DEFAULT_SNAPSHOT_INTERVAL = 10_000;

  /** With the default snapshot interval. */
  public ClusterConfig(String nodeId, KeyPair validatorKey, List<Peer> peers, Path storageDir) {
    this(nodeId, validatorKey, peers, storageDir, DEFAULT_SNAPSHOT_INTERVAL);
  }

  /**
   * A member of the group.
   *
   * @param id the validator's name
   * @param address {@code host:port} where its Raft (gRPC) server listens
   */
  public record Peer(String id, String address) {
    public Peer {
      if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException(
            "a peer id is 1 to 64 letters, digits, '_' or '-' but was \"" + id + "\"");
      }
      int colon = address.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "peer " + id + ": address must be HOST:PORT but was \"" + address + "\"");
      }
      port(id, address.substring(colon + 1));
    }

    /** The port of {@link #address}. */
    public int port() {
      return port(id, address.substring(address.lastIndexOf(':') + 1));
    }

    private static int port(String id, String text) {
      int port;
      try {
        port = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "peer " + id + ": port must be a number but was \"" + text + "\"", e);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "peer " + id + ": port must be 1 to 65535 but was " + port);
      }
      return port;
    }
  }

  public ClusterConfig {
    peers = List.copyOf(peers);
    if (snapshotInterval < 1) {
      throw new IllegalArgumentException(
          "the snapshot interval must be at least 1 log entry but was " + snapshotInterval);
    }
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one peer");
    }
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (Peer p : peers) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("peer id " + p.id() + " is listed twice");
      }
      if (!addresses.add(p.address())) {
        throw new IllegalArgumentException("peer address " + p.address() + " is listed twice");
      }
    }
    if (!ids.contains(nodeId)) {
      throw new IllegalArgumentException(
          "this node's id \"" + nodeId + "\" is not among the peers " + ids);
    }
  }

  /** This node's own entry. */
  public Peer self() {
    return peer(nodeId).orElseThrow();
  }

  /** The peer with {@code id}, if it is a member. */
  public Optional<Peer> peer(String id) {
    return peers.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Votes needed to commit an entry or elect a leader: a strict majority. */
  public int majority() {
    return peers.size() / 2 + 1;
  }
}
