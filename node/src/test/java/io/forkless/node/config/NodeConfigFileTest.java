package io.forkless.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.host.ForklessException;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.migration.StepBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigFileTest {

  @TempDir Path tmp;

  @Test
  void parsesTheDocumentedExampleAtTheRepositoryRoot() {
    Path example = Path.of("..", "forkless.example.toml");
    NodeConfig c = NodeConfigFile.read(example);

    Path root = example.toAbsolutePath().getParent().normalize();
    assertThat(c.dataDir()).contains(root.resolve("data"));
    assertThat(c.pluginsDir()).contains(root.resolve("data/plugins"));
    assertThat(c.blockTimeMillis()).hasValue(6000);
    assertThat(c.trustStore()).contains(Path.of("/etc/forkless/truststore.p12"));
    assertThat(c.trustStorePassword()).contains("change-me");
    assertThat(c.rpcAddr()).contains("127.0.0.1:9944");
    NodeConfig.Genesis g = c.genesis().orElseThrow();
    assertThat(g.code())
        .as("[genesis.code] shows the defaults")
        .contains(CodeConfigToml.configuredDefaults());
    assertThat(c.validatorKeyFile()).as("[validator] is commented out").isEmpty();
    assertThat(g.config().chainId()).isEqualTo("forkless-example");
    assertThat(g.config().timestampMillis())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    assertThat((java.util.List<?>) g.config().runtime().get("accounts"))
        .first()
        .isEqualTo(
            Map.of(
                "balance",
                1_000_000_000L,
                "name",
                "treasury",
                "public_key",
                "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"));
    assertThat(g.validators().all()).containsOnlyKeys("validator-1", "validator-2", "validator-3");
    assertThat(g.validators().totalStake()).isEqualTo(100);
    assertThat(c.upgrade()).contains(UpgradeConfig.defaults());
    assertThat(g.metering()).contains(MeteringLimits.DEFAULT);
    assertThat(g.migration()).contains(StepBudget.DEFAULT);
  }

  private static final String GENESIS =
      "[genesis]\nchain_id = \"c\"\ntimestamp = 0\nruntime_code_hash = \""
          + "0".repeat(64)
          + "\"\n[[genesis.validators]]\nname = \"v\"\npublic_key = \""
          + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
          + "\"\nstake = 1\n";

  @Test
  void readsGenesisMeteringLimitsKeepingDefaultsForAbsentKeys() throws IOException {
    NodeConfig c =
        NodeConfigFile.read(
            write(GENESIS + "[genesis.metering]\ntx_steps = 1000\nmax_call_depth = 64\n"));
    MeteringLimits d = MeteringLimits.DEFAULT;
    assertThat(c.genesis().orElseThrow().metering())
        .contains(
            new MeteringLimits(
                1000, d.blockSteps(), 64, d.txMemoryBytes(), d.loadSteps(), d.migrationSteps()));
    assertThat(NodeConfigFile.read(write(GENESIS)).genesis().orElseThrow().metering()).isEmpty();
  }

  @Test
  void rejectsBadGenesisMeteringLimitsNamingTheKey() throws IOException {
    assertThatThrownBy(
            () -> NodeConfigFile.read(write(GENESIS + "[genesis.metering]\ntx_stepz = 1\n")))
        .hasMessageContaining("unknown key genesis.metering.tx_stepz");
    assertThatThrownBy(
            () -> NodeConfigFile.read(write(GENESIS + "[genesis.metering]\ntx_steps = 0\n")))
        .hasMessageContaining("genesis.metering: txSteps must be positive, was 0");
    assertThatThrownBy(
            () ->
                NodeConfigFile.read(write(GENESIS + "[genesis.metering]\nmax_call_depth = 9000\n")))
        .hasMessageContaining("genesis.metering: maxCallDepth 9000 is above 2000");
    assertThatThrownBy(
            () ->
                NodeConfigFile.read(
                    write(GENESIS + "[genesis.metering]\ntx_steps = 5\nblock_steps = 4\n")))
        .hasMessageContaining("genesis.metering: txSteps 5 is above blockSteps 4");
    assertThatThrownBy(
            () -> NodeConfigFile.read(write(GENESIS + "[genesis.metering]\ntx_steps = \"many\"\n")))
        .hasMessageContaining("genesis.metering.tx_steps must be a whole number");
  }

  @Test
  void readsTheGenesisMigrationBudget() throws IOException {
    NodeConfig c =
        NodeConfigFile.read(write(GENESIS + "[genesis.migration]\nkeys_per_block = 8\n"));
    assertThat(c.genesis().orElseThrow().migration()).contains(new StepBudget(8));
    assertThat(NodeConfigFile.read(write(GENESIS)).genesis().orElseThrow().migration()).isEmpty();
    assertThat(
            NodeConfigFile.read(write(GENESIS + "[genesis.migration]\n"))
                .genesis()
                .orElseThrow()
                .migration())
        .as("an empty table keeps the default")
        .isEmpty();
  }

  @Test
  void rejectsABadGenesisMigrationBudgetNamingTheKey() throws IOException {
    assertThatThrownBy(
            () -> NodeConfigFile.read(write(GENESIS + "[genesis.migration]\nkeys_per_block = 0\n")))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining(
            "genesis.migration.keys_per_block must be 1..10000000 (keys a multi-block migration"
                + " may touch per block) but was 0");
    assertThatThrownBy(
            () ->
                NodeConfigFile.read(
                    write(GENESIS + "[genesis.migration]\nkeys_per_block = 10000001\n")))
        .hasMessageContaining("genesis.migration.keys_per_block must be 1..10000000");
    assertThatThrownBy(
            () ->
                NodeConfigFile.read(
                    write(GENESIS + "[genesis.migration]\nkeys_per_block = \"few\"\n")))
        .hasMessageContaining("genesis.migration.keys_per_block must be a whole number");
    assertThatThrownBy(
            () -> NodeConfigFile.read(write(GENESIS + "[genesis.migration]\nkeys = 5\n")))
        .hasMessageContaining(
            "unknown key genesis.migration.keys; known keys are [genesis.migration.keys_per_block]");
    assertThatThrownBy(
            () ->
                NodeConfigFile.read(
                    write(
                        GENESIS.replace(
                            "[[genesis.validators]]", "migration = 5\n[[genesis.validators]]"))))
        .hasMessageContaining("genesis.migration must be a table");
  }

  @Test
  void anEmptyFileLeavesEverySettingToOptionsAndDefaults() throws IOException {
    assertThat(NodeConfigFile.read(write(""))).isEqualTo(NodeConfig.empty());
  }

  @Test
  void rejectsAnUnknownKeyNamingItAndTheFile() throws IOException {
    Path file = write("[node]\ndata_dri = \"x\"\n");
    assertThatThrownBy(() -> NodeConfigFile.read(file))
        .isInstanceOf(ForklessException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("unknown key node.data_dri");
  }

  @Test
  void rejectsAnUnknownSection() throws IOException {
    assertThatThrownBy(() -> NodeConfigFile.read(write("[nodes]\n")))
        .hasMessageContaining("unknown key nodes");
  }

  @Test
  void rejectsAWrongType() throws IOException {
    assertThatThrownBy(() -> NodeConfigFile.read(write("[node]\nblock_time_ms = \"fast\"\n")))
        .hasMessageContaining("node.block_time_ms must be a whole number but was \"fast\"");
  }

  @Test
  void rejectsAnOutOfRangeValue() throws IOException {
    assertThatThrownBy(() -> NodeConfigFile.read(write("[node]\nblock_time_ms = 0\n")))
        .hasMessageContaining("node.block_time_ms must be at least 1 but was 0");
    assertThatThrownBy(() -> NodeConfigFile.read(write("[rpc]\naddr = \"localhost\"\n")))
        .hasMessageContaining("rpc.addr must be host:port");
  }

  @Test
  void rejectsABadUpgradeValueThroughTheHostsRules() throws IOException {
    assertThatThrownBy(() -> NodeConfigFile.read(write("[upgrade]\nquorum_threshold = 1.5\n")))
        .hasMessageContaining("upgrade.quorum_threshold must be in (0, 1]");
  }

  @Test
  void rejectsAValidatorWithABadKeyNamingItsIndex() throws IOException {
    Path file =
        write(
            "[genesis]\nchain_id = \"c\"\ntimestamp = 0\nruntime_code_hash = \""
                + "0".repeat(64)
                + "\"\n[[genesis.validators]]\nname = \"v\"\npublic_key = \"abc\"\nstake = 1\n");
    assertThatThrownBy(() -> NodeConfigFile.read(file))
        .hasMessageContaining("genesis.validators[0].public_key must be 64 lowercase hex");
  }

  @Test
  void requiresTheGenesisKeys() throws IOException {
    assertThatThrownBy(() -> NodeConfigFile.read(write("[genesis]\nchain_id = \"c\"\n")))
        .hasMessageContaining("genesis.timestamp is required");
  }

  @Test
  void saysWhenTheFileIsNotToml() throws IOException {
    Path file = write("[node\n");
    assertThatThrownBy(() -> NodeConfigFile.read(file))
        .hasMessageContaining("config " + file + " is not valid TOML");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(tmp.resolve("forkless.toml"), text);
  }
}
