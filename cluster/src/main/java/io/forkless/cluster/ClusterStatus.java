package io.forkless.cluster;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validator's view of the network, for {@code status}, the dashboard and metrics.
 *
 * @param nodeId this validator
 * @param role LEADER, FOLLOWER, CANDIDATE, … (Ratis' role names)
 * @param leader the current leader's id, if one is known
 * @param term the current Raft term
 * @param commitIndex the highest log index known committed
 * @param appliedIndex the highest log index this node applied
 * @param snapshotIndex the log index of this node's latest snapshot (the log is compacted up to
 *     it); -1 before the first
 * @param halted why this node stopped applying blocks, if it did
 * @param peers every member, this node included, in configuration order
 */
public record ClusterStatus(
    String nodeId,
    String role,
    Optional<String> leader,
    long term,
    long commitIndex,
    long appliedIndex,
    long snapshotIndex,
    Optional<String> halted,
    List<PeerStatus> peers) {

  public ClusterStatus {
    peers = List.copyOf(peers);
  }

  /**
   * One member as last seen (asked about once a second).
   *
   * @param id its validator name
   * @param address its Raft address
   * @param height the height of its last applied block; empty while it does not answer
   * @param halted true when it reports a halt
   */
  public record PeerStatus(String id, String address, OptionalLong height, boolean halted) {}
}
