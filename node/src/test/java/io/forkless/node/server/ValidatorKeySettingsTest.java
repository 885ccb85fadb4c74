package io.forkless.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.host.ForklessException;
import io.forkless.host.SampleJars;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.node.dev.DevChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Which validator keys a node files pre-check verdicts with (#14): {@code [validator] key_file}
 * alone; a network validator's own key alone; a lone {@code --dev} node every dev key.
 */
class ValidatorKeySettingsTest {

  @TempDir Path tmp;

  private NodeSettings resolve(String... args) {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs(args);
    return command.chain.resolve(Optional.empty(), OptionalLong.empty());
  }

  private Path devConfig(String validatorTable) throws Exception {
    return Files.writeString(tmp.resolve("dev.toml"), validatorTable);
  }

  private Path devSeedFile(String name) throws Exception {
    // The dev key's seed, as forkless devnet writes it.
    String seed =
        com.google.common.hash.Hashing.sha256()
            .hashString("forkless-dev-validator:" + name, StandardCharsets.UTF_8)
            .toString();
    return Files.writeString(tmp.resolve(name + ".key"), seed + "\n");
  }

  private static boolean sameKey(NamedKey k, String devName) {
    byte[] expected = DevChain.devKey(devName).getPrivate().getEncoded();
    return Arrays.equals(k.key().getEncoded(), expected);
  }

  @Test
  void aLoneDevNodeAttestsWithEveryDevKey() {
    NodeSettings s = resolve("--dev");

    assertThat(s.validatorKeys()).isEmpty();
    assertThat(s.attestKeys())
        .extracting(NamedKey::validator)
        .containsExactly("alice", "bob", "charlie", "dave");
    assertThat(s.code().precheckRequired()).isTrue();
  }

  @Test
  void aNodeWithAValidatorKeyFileAttestsWithThatKeyOnly() throws Exception {
    devSeedFile("bob");
    Path config = devConfig("[validator]\nkey_file = \"bob.key\"\n");

    NodeSettings s = resolve("--dev", "--config", config.toString());

    assertThat(s.attestKeys()).extracting(NamedKey::validator).containsExactly("bob");
    assertThat(sameKey(s.attestKeys().get(0), "bob")).isTrue();
  }

  @Test
  void aNetworkValidatorAttestsWithItsOwnKeyOnlyEvenOnTheDevChain() {
    List<String> peers = List.of("alice", "bob", "charlie");
    NodeSettings s = resolve("--dev").asValidator("charlie", DevChain.devKey("charlie"), peers);

    assertThat(s.attestKeys()).extracting(NamedKey::validator).containsExactly("charlie");
    assertThat(sameKey(s.attestKeys().get(0), "charlie")).isTrue();
  }

  @Test
  void onADevNetworkTheFirstPeerAloneAlsoAttestsForTheDevValidatorsThatRunNoNode() {
    List<String> peers = List.of("alice", "bob", "charlie");
    List<List<String>> filed = new java.util.ArrayList<>();
    for (String peer : peers) {
      filed.add(
          resolve("--dev").asValidator(peer, DevChain.devKey(peer), peers).attestKeys().stream()
              .map(NamedKey::validator)
              .toList());
    }

    // 3 nodes, 4 dev validators: 4 verdicts in all, none twice.
    assertThat(filed).containsExactly(List.of("alice", "dave"), List.of("bob"), List.of("charlie"));
    assertThat(
            resolve("--dev")
                .asValidator("alice", DevChain.devKey("alice"), List.of("alice"))
                .attestKeys())
        .extracting(NamedKey::validator)
        .containsExactly("alice", "bob", "charlie", "dave");
  }

  @Test
  void aConfiguredNetworkValidatorAttestsWithItsOwnKeyOnly() throws Exception {
    ConfiguredChain chain = new ConfiguredChain(tmp);
    ConfiguredChain.Member v1 = chain.validator("v1", 1);
    chain.validator("v2", 1);
    chain.validator("v3", 1);
    Path config = chain.config("00".repeat(32), "", "");
    NodeSettings s = ConfiguredChain.settings(config, tmp.resolve("data"), tmp.resolve("p"));

    assertThat(s.asValidator("v1", v1.key(), List.of("v1", "v2")).attestKeys())
        .extracting(NamedKey::validator)
        .containsExactly("v1");
  }

  @Test
  void aValidatorKeyFileOfAnotherValidatorThanTheClusterNodeIsRefused() throws Exception {
    devSeedFile("bob");
    Path config = devConfig("[validator]\nkey_file = \"bob.key\"\n");
    NodeSettings s = resolve("--dev", "--config", config.toString());

    assertThatThrownBy(() -> s.asValidator("alice", DevChain.devKey("alice"), List.of("alice")))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("validator bob's key but [cluster] node_id is alice");
    assertThat(s.asValidator("bob", DevChain.devKey("bob"), List.of("alice", "bob")).attestKeys())
        .extracting(NamedKey::validator)
        .containsExactly("bob");
  }

  @Test
  void aKeyThatIsNoValidatorsIsRefusedWithItsPublicKey() throws Exception {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    Files.writeString(tmp.resolve("stranger.key"), java.util.HexFormat.of().formatHex(seed));
    String publicKey =
        java.util.HexFormat.of()
            .formatHex(Ed25519.rawPublicKey(Ed25519.fromSeed(seed).getPublic()));
    Path config = devConfig("[validator]\nkey_file = \"stranger.key\"\n");

    assertThatThrownBy(() -> resolve("--dev", "--config", config.toString()))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("validator.key_file")
        .hasMessageContaining("holds the key of no validator of this chain")
        .hasMessageContaining(publicKey);
  }

  @Test
  void anUnreadableOrMalformedKeyFileIsNamed() throws Exception {
    Path missing = devConfig("[validator]\nkey_file = \"missing.key\"\n");
    assertThatThrownBy(() -> resolve("--dev", "--config", missing.toString()))
        .hasMessageContaining("validator.key_file")
        .hasMessageContaining("missing.key")
        .hasMessageContaining("cannot be read");

    Files.writeString(tmp.resolve("short.key"), "abcd");
    Path shortKey = devConfig("[validator]\nkey_file = \"short.key\"\n");
    assertThatThrownBy(() -> resolve("--dev", "--config", shortKey.toString()))
        .hasMessageContaining("32-byte Ed25519 seed (64 hex characters) but holds 2 bytes");

    Path unknown = devConfig("[validator]\nkey = \"x\"\n");
    assertThatThrownBy(() -> resolve("--dev", "--config", unknown.toString()))
        .hasMessageContaining("unknown key validator.key");
  }

  @Test
  void aConfiguredNodeWithoutAValidatorTableAttestsWithNothingAndRequiresThePrecheck()
      throws Exception {
    ConfiguredChain chain = new ConfiguredChain(tmp);
    chain.validator("v1", 1);
    Path config =
        chain.config(
            com.google.common.hash.Hashing.sha256()
                .hashBytes(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_0_0)))
                .toString(),
            "",
            "");

    NodeSettings s = ConfiguredChain.settings(config, tmp.resolve("data"), tmp.resolve("p"));

    assertThat(s.attestKeys()).isEmpty();
    assertThat(s.code().precheckRequired()).isTrue();
    assertThat(s.code().precheckPostponeBlocks()).isEqualTo(20);
  }

  @Test
  void aConfiguredChainMayTurnThePrecheckOff() throws Exception {
    ConfiguredChain chain = new ConfiguredChain(tmp);
    chain.validator("v1", 1);
    Path config =
        chain.config(
            "00".repeat(32), "precheck_required = false\nprecheck_postpone_blocks = 7", "");

    NodeSettings s = ConfiguredChain.settings(config, tmp.resolve("data"), tmp.resolve("p"));

    assertThat(s.code().precheckRequired()).isFalse();
    assertThat(s.code().precheckPostponeBlocks()).isEqualTo(7);
  }
}
