package io.forkless.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.cluster.ClusterConfig;
import io.forkless.host.ForklessException;
import io.forkless.host.governance.Ed25519;
import io.forkless.node.config.NodeConfigFile;
import io.forkless.node.dev.DevChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTomlTest {

  @TempDir Path tmp;

  @Test
  void devnetWritesConfigsThatParseIntoTheGroupWithEachValidatorsDevKey() throws Exception {
    List<Path> configs = DevnetCommand.writeConfigs(tmp, 3, 20000);
    assertThat(configs).hasSize(3);
    ClusterConfig bob = ClusterConfigToml.read(configs.get(1), tmp.resolve("data")).orElseThrow();
    assertThat(bob.nodeId()).isEqualTo("bob");
    assertThat(bob.peers())
        .containsExactly(
            new ClusterConfig.Peer("alice", "127.0.0.1:20100"),
            new ClusterConfig.Peer("bob", "127.0.0.1:20101"),
            new ClusterConfig.Peer("charlie", "127.0.0.1:20102"));
    assertThat(Ed25519.rawPublicKey(bob.validatorKey().getPublic()))
        .isEqualTo(Ed25519.rawPublicKey(DevChain.devKey("bob").getPublic()));
    assertThat(bob.storageDir()).isEqualTo(tmp.resolve("data").resolve("ratis"));
    assertThat(bob.snapshotInterval()).isEqualTo(ClusterConfig.DEFAULT_SNAPSHOT_INTERVAL);
    // The rest of the file is a valid node config: [cluster] is a known table.
    assertThat(NodeConfigFile.read(configs.get(1)).rpcAddr()).contains("127.0.0.1:20001");
  }

  @Test
  void aFileWithoutClusterIsASingleNode() throws Exception {
    Path file = write("[rpc]\naddr = \"127.0.0.1:1\"\n");
    assertThat(ClusterConfigToml.read(file, tmp)).isEmpty();
  }

  @Test
  void refusesAnUnknownKeyNamingIt() throws Exception {
    Path file = write(cluster("node_id = \"alice\"\nvalidator_key_file = \"k\"\ncolour = 1\n"));
    assertThatThrownBy(() -> ClusterConfigToml.read(file, tmp))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("unknown key cluster.colour");
  }

  @Test
  void refusesAMissingNodeId() throws Exception {
    Path file = write(cluster("validator_key_file = \"k\"\n"));
    assertThatThrownBy(() -> ClusterConfigToml.read(file, tmp))
        .hasMessageContaining("cluster.node_id is required");
  }

  @Test
  void refusesAMissingPeerList() throws Exception {
    Files.writeString(tmp.resolve("k"), DevnetCommand.devSeedHex("alice"));
    Path file = write("[cluster]\nnode_id = \"alice\"\nvalidator_key_file = \"k\"\n");
    assertThatThrownBy(() -> ClusterConfigToml.read(file, tmp))
        .hasMessageContaining("cluster.peers must list every validator");
  }

  @Test
  void refusesAPeerWithABadAddress() throws Exception {
    Files.writeString(tmp.resolve("k"), DevnetCommand.devSeedHex("alice"));
    Path file =
        write(
            "[cluster]\nnode_id = \"alice\"\nvalidator_key_file = \"k\"\n"
                + "peers = [ { id = \"alice\", address = \"nowhere\" } ]\n");
    assertThatThrownBy(() -> ClusterConfigToml.read(file, tmp))
        .hasMessageContaining("cluster.peers[0].")
        .hasMessageContaining("address must be HOST:PORT");
  }

  @Test
  void refusesAKeyFileThatIsNotASeed() throws Exception {
    Files.writeString(tmp.resolve("k"), "abcd");
    Path file = write(cluster("node_id = \"alice\"\nvalidator_key_file = \"k\"\n"));
    assertThatThrownBy(() -> ClusterConfigToml.read(file, tmp))
        .hasMessageContaining("must hold a 32-byte Ed25519 seed (64 hex characters) but holds 2");
  }

  @Test
  void refusesASnapshotIntervalBelowOne() throws Exception {
    Files.writeString(tmp.resolve("k"), DevnetCommand.devSeedHex("alice"));
    Path file =
        write(cluster("node_id = \"alice\"\nvalidator_key_file = \"k\"\nsnapshot_interval = 0\n"));
    assertThatThrownBy(() -> ClusterConfigToml.read(file, tmp))
        .hasMessageContaining("cluster.snapshot_interval must be a whole number >= 1 but was 0");
  }

  private static String cluster(String keys) {
    return "[cluster]\n" + keys + "peers = [ { id = \"alice\", address = \"127.0.0.1:1\" } ]\n";
  }

  private Path write(String text) throws Exception {
    Path file = tmp.resolve("validator.toml");
    Files.writeString(file, text);
    return file;
  }
}
