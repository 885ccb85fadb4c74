package io.forkless.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.host.SampleJars;
import io.forkless.host.governance.Ed25519;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.NodeConfigFile;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.dev.DevBundle;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSettingsTest {

  @TempDir Path tmp;

  @Test
  void devModeUsesTheDevChainAndDefaultsPluginsUnderTheDataFolder() {
    NodeSettings s = NodeSettings.resolve(options(NodeSettings.Mode.DEV, null), NodeConfig.empty());

    assertThat(s.dataDir()).isEqualTo(Path.of("data"));
    assertThat(s.pluginsDir()).isEqualTo(Path.of("data", "plugins"));
    assertThat(s.stateDir()).isEqualTo(Path.of("data", "state"));
    assertThat(s.rpc()).isEqualTo(RpcAddress.DEFAULT);
    assertThat(s.blockTime()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.genesis()).isEqualTo(DevBundle.genesis());
    assertThat(s.validators().all()).containsOnlyKeys("alice", "bob", "charlie", "dave");
    assertThat(s.upgrade()).isEqualTo(DevChain.upgradeConfig());
    assertThat(DevBundle.trustsDevCa(s.trust())).isTrue();
  }

  @Test
  void withoutDevAndWithoutConfigSaysWhatToDo() {
    assertThatThrownBy(
            () ->
                NodeSettings.resolve(
                    options(NodeSettings.Mode.CONFIGURED, null), NodeConfig.empty()))
        .hasMessageContaining("pass --dev for a development chain, or --config FILE");
  }

  @Test
  void refusesADevValidatorKeyOutsideDevMode() throws IOException {
    String alice = hex(Ed25519.rawPublicKey(DevChain.devKey("alice").getPublic()));
    Path file = config(alice, SampleJars.devTrustStore());
    NodeConfig config = NodeConfigFile.read(file);

    assertThatThrownBy(
            () -> NodeSettings.resolve(options(NodeSettings.Mode.CONFIGURED, file), config))
        .hasMessageContaining("validator 'v1' has a DEV key");
  }

  @Test
  void refusesTheDevTrustStoreOutsideDevMode() throws IOException {
    Path file =
        config(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            SampleJars.devTrustStore());
    NodeConfig config = NodeConfigFile.read(file);

    assertThatThrownBy(
            () -> NodeSettings.resolve(options(NodeSettings.Mode.CONFIGURED, file), config))
        .hasMessageContaining("trusts the DEVELOPMENT CA");
  }

  @Test
  void optionsOverrideTheFile() throws IOException {
    Path file =
        Files.writeString(
            tmp.resolve("f.toml"),
            "[node]\nblock_time_ms = 300\ndata_dir = \"x\"\n[rpc]\naddr = \"127.0.0.1:1\"\n");
    NodeSettings s =
        NodeSettings.resolve(
            new NodeSettings.Options(
                NodeSettings.Mode.DEV,
                Optional.of(tmp.resolve("y")),
                Optional.empty(),
                Optional.of(new RpcAddress("127.0.0.1", 2)),
                OptionalLong.empty(),
                Optional.of(file)),
            NodeConfigFile.read(file));

    assertThat(s.dataDir()).isEqualTo(tmp.resolve("y"));
    assertThat(s.pluginsDir()).isEqualTo(tmp.resolve("y").resolve("plugins"));
    assertThat(s.rpc().port()).isEqualTo(2);
    assertThat(s.blockTime()).isEqualTo(Duration.ofMillis(300));
  }

  private Path config(String validatorKey, Path trustStore) throws IOException {
    return Files.writeString(
        tmp.resolve("node.toml"),
        "[node]\ntrust_store = \""
            + trustStore.toAbsolutePath()
            + "\"\ntrust_store_password = \"forkless-dev-only\"\n"
            + "[genesis]\nchain_id = \"c\"\ntimestamp = 0\nruntime_code_hash = \""
            + "0".repeat(64)
            + "\"\n[[genesis.validators]]\nname = \"v1\"\npublic_key = \""
            + validatorKey
            + "\"\nstake = 1\n");
  }

  private static NodeSettings.Options options(NodeSettings.Mode mode, Path configFile) {
    return new NodeSettings.Options(
        mode,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.ofNullable(configFile));
  }

  private static String hex(byte[] b) {
    return HashCode.fromBytes(b).toString();
  }
}
