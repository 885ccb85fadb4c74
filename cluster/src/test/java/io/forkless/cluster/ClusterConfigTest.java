package io.forkless.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.cluster.ClusterConfig.Peer;
import io.forkless.host.governance.Ed25519;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  private static final KeyPair KEY = Ed25519.fromSeed(new byte[32]);

  private static List<Peer> three() {
    return List.of(
        new Peer("alice", "127.0.0.1:9001"),
        new Peer("bob", "127.0.0.1:9002"),
        new Peer("charlie", "127.0.0.1:9003"));
  }

  @Test
  void aMajorityOfThreeIsTwoAndOfFourIsThree() {
    assertThat(new ClusterConfig("bob", KEY, three(), Path.of("r")).majority()).isEqualTo(2);
    List<Peer> four = new java.util.ArrayList<>(three());
    four.add(new Peer("dave", "127.0.0.1:9004"));
    assertThat(new ClusterConfig("bob", KEY, four, Path.of("r")).majority()).isEqualTo(3);
    assertThat(new ClusterConfig("bob", KEY, three(), Path.of("r")).self().port()).isEqualTo(9002);
  }

  @Test
  void refusesANodeIdThatIsNotAPeer() {
    assertThatThrownBy(() -> new ClusterConfig("eve", KEY, three(), Path.of("r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"eve\" is not among the peers");
  }

  @Test
  void refusesAPeerListedTwice() {
    List<Peer> peers = List.of(new Peer("alice", "h:1"), new Peer("alice", "h:2"));
    assertThatThrownBy(() -> new ClusterConfig("alice", KEY, peers, Path.of("r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("peer id alice is listed twice");
  }

  @Test
  void refusesTwoPeersOnOneAddress() {
    List<Peer> peers = List.of(new Peer("alice", "h:1"), new Peer("bob", "h:1"));
    assertThatThrownBy(() -> new ClusterConfig("alice", KEY, peers, Path.of("r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("address h:1 is listed twice");
  }

  @Test
  void refusesAnEmptyGroup() {
    assertThatThrownBy(() -> new ClusterConfig("alice", KEY, List.of(), Path.of("r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one peer");
  }

  @Test
  void refusesBadPeerIdsAndAddresses() {
    assertThatThrownBy(() -> new Peer("a b", "h:1"))
        .hasMessageContaining("a peer id is 1 to 64 letters");
    assertThatThrownBy(() -> new Peer("a", "nohost"))
        .hasMessageContaining("address must be HOST:PORT but was \"nohost\"");
    assertThatThrownBy(() -> new Peer("a", "h:x")).hasMessageContaining("port must be a number");
    assertThatThrownBy(() -> new Peer("a", "h:70000"))
        .hasMessageContaining("port must be 1 to 65535 but was 70000");
  }
}
