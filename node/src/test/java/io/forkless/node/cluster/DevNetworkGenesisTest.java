package io.forkless.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.cluster.ClusterConfig;
import io.forkless.host.ForklessException;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.dev.DevChain;
import io.forkless.node.server.NodeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dev validator network's genesis names exactly its members (up to five dev validators), the same
 * on every member; the single-node dev chain keeps its four validators.
 */
class DevNetworkGenesisTest {

  @TempDir Path tmp;

  @Test
  void fiveDevnetConfigsGiveEveryMemberTheSameFiveValidatorGenesis() throws Exception {
    List<Path> configs = DevnetCommand.writeConfigs(tmp, 5, 21000);
    assertThat(configs).hasSize(5);
    List<ValidatorSet> sets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ClusterConfig c = ClusterConfigToml.read(configs.get(i), tmp.resolve("d" + i)).orElseThrow();
      assertThat(c.nodeId()).isEqualTo(List.of("alice", "bob", "charlie", "dave", "eve").get(i));
      assertThat(c.majority()).isEqualTo(3);
      // Each member's key file holds the key the genesis lists for it.
      ValidatorSet set = DevNetworkGenesis.of(c);
      assertThat(Ed25519.rawPublicKey(c.validatorKey().getPublic()))
          .isEqualTo(Ed25519.rawPublicKey(set.get(c.nodeId()).orElseThrow().publicKey()));
      sets.add(set);
    }
    assertThat(stakes(sets.get(0)))
        .containsExactly(
            Map.entry("alice", 40L),
            Map.entry("bob", 30L),
            Map.entry("charlie", 20L),
            Map.entry("dave", 10L),
            Map.entry("eve", 10L));
    for (ValidatorSet s : sets) {
      assertThat(stakes(s)).isEqualTo(stakes(sets.get(0)));
    }
    assertThat(DevChain.isDevKey(DevChain.devKey("eve").getPublic()))
        .as("eve's key is public: a configured chain refuses it")
        .isTrue();
  }

  @Test
  void aNetworkOfThreeNamesExactlyItsThreeMembersWhateverTheirOrder() throws Exception {
    ClusterConfig c =
        new ClusterConfig(
            "bob",
            DevChain.devKey("bob"),
            List.of(
                new ClusterConfig.Peer("charlie", "127.0.0.1:3"),
                new ClusterConfig.Peer("alice", "127.0.0.1:1"),
                new ClusterConfig.Peer("bob", "127.0.0.1:2")),
            tmp);
    assertThat(stakes(DevNetworkGenesis.of(c)))
        .containsExactly(Map.entry("alice", 40L), Map.entry("bob", 30L), Map.entry("charlie", 20L));
  }

  @Test
  void refusesAPeerThatIsNotADevValidator() {
    ClusterConfig c =
        new ClusterConfig(
            "alice",
            DevChain.devKey("alice"),
            List.of(
                new ClusterConfig.Peer("alice", "127.0.0.1:1"),
                new ClusterConfig.Peer("mallory", "127.0.0.1:2")),
            tmp);
    assertThatThrownBy(() -> DevNetworkGenesis.of(c))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("\"mallory\" is not a dev validator")
        .hasMessageContaining("[alice, bob, charlie, dave, eve]");
  }

  @Test
  void theSingleNodeDevChainKeepsItsFourValidators() {
    NodeSettings dev =
        NodeSettings.resolve(
            new NodeSettings.Options(
                NodeSettings.Mode.DEV,
                Optional.of(tmp),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty()),
            NodeConfig.empty());
    assertThat(stakes(dev.validators()))
        .containsExactly(
            Map.entry("alice", 40L),
            Map.entry("bob", 30L),
            Map.entry("charlie", 20L),
            Map.entry("dave", 10L));
  }

  @Test
  void devnetRefusesMoreValidatorsThanTheDevChainHas() {
    DevnetCommand command = new DevnetCommand();
    command.validators = 6;
    command.dir = tmp;
    assertThatThrownBy(command::call)
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("--validators must be 1 to 5")
        .hasMessageContaining("but was 6");
  }

  @Test
  void devnetVotingPeriodKeepsTheOtherDevUpgradeRules() throws Exception {
    List<Path> configs =
        DevnetCommand.writeConfigs(tmp, 3, 22000, DevnetCommand.upgradeTable(100L));
    var dev = DevChain.upgradeConfig();
    assertThat(io.forkless.node.config.NodeConfigFile.read(configs.get(2)).upgrade())
        .contains(
            new io.forkless.host.governance.UpgradeConfig(
                dev.timelockDelay(),
                dev.maxSnapshots(),
                dev.quorumThreshold(),
                dev.approvalThreshold(),
                100));
    assertThat(ClusterConfigToml.read(configs.get(2), tmp).orElseThrow().nodeId())
        .isEqualTo("charlie");
    assertThat(DevnetCommand.upgradeTable(null)).isEmpty();
  }

  private static Map<String, Long> stakes(ValidatorSet set) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Validator v : set.all().values()) {
      out.put(v.name(), v.stake());
    }
    return out;
  }
}
