package io.forkless.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.cluster.ClusterConfig;
import io.forkless.node.cluster.ClusterConfigToml;
import io.forkless.node.cluster.DevnetCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A validator of a dev network (as {@code forkless devnet} configures it) files pre-check verdicts
 * with its own key, not with every dev key (#14): N nodes, N verdicts.
 */
class ClusterAttestKeysTest {

  @TempDir Path tmp;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aDevnetValidatorStartsAttestingWithItsOwnKeyOnly() throws Exception {
    List<Integer> rpc = new ArrayList<>();
    List<Integer> raft = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rpc.add(freePort());
      raft.add(freePort());
    }
    List<Path> configs = DevnetCommand.writeConfigs(tmp, rpc, raft);
    // Validator 2 of 3 (bob), alone: its peers need not run for it to start.
    Path config = configs.get(1);
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs("--dev", "--config", config.toString());
    NodeSettings settings = command.chain.resolve(Optional.empty(), OptionalLong.of(200));
    Optional<ClusterConfig> cluster = ClusterConfigToml.read(config, settings.dataDir());
    assertThat(cluster).isPresent();
    assertThat(settings.attestKeys()).as("a lone --dev node: every dev key").hasSize(4);

    try (Node node = Node.start(settings, cluster)) {
      assertThat(node.host().prechecker().validators()).containsExactly("bob");
    }
  }
}
