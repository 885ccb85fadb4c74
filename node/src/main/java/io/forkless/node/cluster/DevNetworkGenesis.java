package io.forkless.node.cluster;

import io.forkless.cluster.ClusterConfig;
import io.forkless.host.ForklessException;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.node.dev.DevChain;

/**
 * The genesis validator set of a dev validator network ({@code forkless node --dev} with a {@code
 * [cluster]} table, as {@code forkless devnet} writes): exactly the dev validators its peers name,
 * with their dev stakes ({@link DevChain#NETWORK_STAKES}: alice 40, bob 30, charlie 20, dave 10,
 * eve 10), so the Raft group is the genesis validator set and a devnet can have up to five
 * validators. Every member lists the same peers, so every member derives the same genesis. The
 * single-node dev chain (no {@code [cluster]}) keeps its four validators; a configured chain's
 * validators come from its {@code [genesis]}.
 */
public final class DevNetworkGenesis {

  private DevNetworkGenesis() {}

  /**
   * The genesis validators of the dev network {@code cluster} belongs to.
   *
   * @throws ForklessException if a peer is not a dev validator
   */
  public static ValidatorSet of(ClusterConfig cluster) {
    try {
      return DevChain.networkValidators(
          cluster.peers().stream().map(ClusterConfig.Peer::id).toList());
    } catch (IllegalArgumentException e) {
      throw new ForklessException("[cluster] peers: " + e.getMessage(), e);
    }
  }
}
