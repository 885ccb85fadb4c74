package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {

  private static final int ACCOUNTS = 300;
  private static final long BALANCE = 1_000;

  @TempDir Path dir;
  private Path data;
  private Path plugins;

  /** A real node data folder: the dev chain's genesis on runtime 1.0.0 with 300 accounts. */
  @BeforeEach
  void createDataFolder() throws IOException {
    data = dir.resolve("data");
    plugins = Files.createDirectories(dir.resolve("plugins"));
    Path genesisJar = SampleJars.runtime("1.0.0");
    Files.copy(genesisJar, plugins.resolve(genesisJar.getFileName()));
    Map<String, Long> balances = new TreeMap<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      balances.put(String.format("acct%03d", i), BALANCE);
    }
    GenesisConfig genesis =
        new GenesisConfig(
            DevChain.CHAIN_ID,
            DevChain.GENESIS_TIME.toEpochMilli(),
            io.forkless.testing.Accounts.devGenesis(balances, name -> false),
            Hashing.sha256().hashBytes(Files.readAllBytes(genesisJar)));
    ForklessHost.builder()
        .dataDir(data)
        .pluginsFolder(plugins)
        .trust(TrustOptions.devAnchors())
        .genesis(genesis)
        .validators(DevChain.validators())
        .upgradeConfig(DevChain.upgradeConfig())
        .build()
        .close();
  }

  private Cli dryRun(String... extra) {
    String[] base = {
      "migrate",
      "--dry-run",
      "--jar",
      SampleJars.runtime("2.0.0").toString(),
      "--data-dir",
      data.toString(),
      "--plugins-dir",
      plugins.toString(),
      "--dev"
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.run(args);
  }

  /** Every file of the folder by relative path, with its SHA-256. */
  private static Map<String, String> contents(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            folder.relativize(p).toString(),
            Hashing.sha256().hashBytes(Files.readAllBytes(p)).toString());
      }
    }
    return files;
  }

  @Test
  void reportsEachMigrationTheInvariantsAndTheRootAndLeavesTheLiveFolderByteIdentical()
      throws IOException {
    Map<String, String> before = contents(data);

    Cli cli = dryRun("--migration", SampleJars.addStaking().toString());

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out())
        .contains("dry run of 1.0.0 -> 2.0.0 on a copy of " + data + " at height 0")
        .containsPattern(
            "migration add_staking: validate passed, " + ACCOUNTS + " keys changed, \\d+ ms")
        .contains("invariants before (1.0.0): {accountCount=300, totalSupply=300000}")
        .contains("invariants after  (2.0.0): {accountCount=300, totalSupply=300000}")
        .contains("resulting state root: ")
        .contains("verdict: the upgrade would succeed");
    assertThat(contents(data)).isEqualTo(before);
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      int[] records = {0};
      store
          .committed()
          .scan(
              "acct/".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              (k, v) -> {
                assertThat(v).as("a layout-1 record, not migrated").hasSize(8);
                records[0]++;
              });
      assertThat(records[0]).isEqualTo(ACCOUNTS);
    }
  }

  @Test
  void jsonReportsTheRootsAndTheMigration() {
    Cli cli = dryRun("--migration", SampleJars.addStaking().toString(), "--json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode json = FakeNode.parse(cli.out());
    assertThat(json.path("succeeded").asBoolean()).isTrue();
    assertThat(json.path("stateRootAfter").asText())
        .hasSize(64)
        .isNotEqualTo(json.path("stateRootBefore").asText());
    JsonNode migration = json.path("migrations").get(0);
    assertThat(migration.path("name").asText()).isEqualTo("add_staking");
    assertThat(migration.path("keysChanged").asLong()).isEqualTo(ACCOUNTS);
    assertThat(migration.path("validate").asText()).isEqualTo("passed");
    assertThat(migration.path("stateRootAfter").asText())
        .isEqualTo(json.path("stateRootAfter").asText());
    assertThat(json.path("invariantsAfter").path("totalSupply").asText()).isEqualTo("300000");
  }

  @Test
  void aLayoutChangeWithoutItsMigrationWouldFail() {
    Cli cli = dryRun();

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .startsWith("error: upgrade to 2.0.0 refused: ")
        .contains("changes the state layout from 1 to 2 and needs a migration plan");
  }

  @Test
  void aFolderHeldByARunningNodeIsRefused() {
    try (RocksStateStore running = RocksStateStore.open(data, StoreOptions.defaults())) {
      Cli cli = dryRun("--migration", SampleJars.addStaking().toString());

      assertThat(cli.exitCode()).isEqualTo(1);
      assertThat(cli.err().strip())
          .isEqualTo(
              "error: the data folder "
                  + data
                  + " is in use by a running node: stop the node first, or copy the folder while"
                  + " the node is stopped and pass the copy as --data-dir");
      assertThat(running.stateRoot()).isNotNull();
    }
  }

  @Test
  void theActiveRuntimeMustBeInThePluginsFolder() throws IOException {
    Files.delete(plugins.resolve("balances-runtime-1.0.0.jar"));

    Cli cli = dryRun("--migration", SampleJars.addStaking().toString());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("the active runtime 1.0.0").contains("is not in --plugins-dir");
  }

  @Test
  void takesANodesDataFolderAsTheNodeDoesWithItsPluginsInside() throws IOException {
    // The layout of `forkless node --data-dir node`: the store in node/state, JARs in node/plugins.
    Path node = Files.createDirectories(dir.resolve("node"));
    Files.move(data, node.resolve("state"));
    Files.move(plugins, node.resolve("plugins"));

    Cli cli =
        Cli.run(
            "migrate",
            "--dry-run",
            "--jar",
            SampleJars.runtime("2.0.0").toString(),
            "--migration",
            SampleJars.addStaking().toString(),
            "--data-dir",
            node.toString(),
            "--dev");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("dry run of 1.0.0 -> 2.0.0 on a copy of " + node);
  }

  @Test
  void steppedAddStakingReportsTheBlocksItWouldTakeAtTheBudgetAndItsLargestStep() {
    Cli cli =
        dryRun("--migration", SampleJars.addStakingStepped().toString(), "--step-keys", "100");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    // A read and a write per account: 50 accounts per block of 100 keys (and a last block that
    // finds nothing left); then the stepped validation reads 3 keys per account, 100 a block.
    assertThat(cli.out())
        .contains("migration add_staking_stepped: validate passed, " + ACCOUNTS + " keys changed")
        .containsPattern(
            (ACCOUNTS / 50 + 1 + 3 * ACCOUNTS / 100)
                + " blocks at 100 keys or 750000000 metered steps per block \\(largest step 100"
                + " keys, \\d+ ms\\)")
        .contains("invariants after  (2.0.0): {accountCount=300, totalSupply=300000}")
        .contains(
            "idempotency: a second run of every migration from the same state gave the same roots")
        .contains("verdict: the upgrade would succeed");
  }

  @Test
  void steppedAndSingleBlockAddStakingEndOnTheSameRoot() {
    Cli stepped =
        dryRun(
            "--migration",
            SampleJars.addStakingStepped().toString(),
            "--step-keys",
            "64",
            "--json");
    Cli whole = dryRun("--migration", SampleJars.addStaking().toString(), "--json");

    JsonNode a = FakeNode.parse(stepped.out());
    JsonNode b = FakeNode.parse(whole.out());
    assertThat(a.path("stateRootAfter").asText()).isEqualTo(b.path("stateRootAfter").asText());
    assertThat(a.path("migrations").get(0).path("blocks").asLong()).isGreaterThan(1);
    assertThat(a.path("idempotent").asBoolean()).isTrue();
    assertThat(b.path("migrations").get(0).path("blocks").asLong()).isEqualTo(1);
  }

  @Test
  void aMigrationThatGivesAnotherRootTheSecondTimeFailsTheDryRun() throws IOException {
    Path jar = notIdempotentPlugin();

    Cli cli =
        dryRun("--migration", SampleJars.addStaking().toString(), "--migration", jar.toString());

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(1);
    assertThat(cli.out()).contains("idempotency: FAILED");
    assertThat(cli.err())
        .contains("migration not_idempotent is not idempotent: two runs from the same state gave")
        .contains("keep nothing between calls");
  }

  @Test
  void refusesAStepBudgetBelowOneKey() {
    Cli cli = dryRun("--migration", SampleJars.addStaking().toString(), "--step-keys", "0");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("--step-keys: a migration's step budget must be at least 1");
  }

  /** The deliberately non-idempotent test migration in a plugin JAR signed by the dev key. */
  private Path notIdempotentPlugin() throws IOException {
    Class<?> c = io.forkless.node.cli.testplugins.NotIdempotentMigration.class;
    String path = c.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (var in = c.getClassLoader().getResourceAsStream(path)) {
      bytes = in.readAllBytes();
    }
    var identity =
        io.forkless.testing.jar.SigningIdentity.fromPkcs12(
            SampleJars.devSigningStore(), "forkless-dev-signer", "forkless-dev-only".toCharArray());
    var jar =
        io.forkless.testing.jar.TestJar.builder()
            .manifestAttribute("Plugin-Id", "not_idempotent")
            .manifestAttribute("Plugin-Version", "1.0.0")
            .entry("META-INF/extensions.idx", c.getName() + "\n")
            .entry(path, bytes)
            .build()
            .signedBy(io.forkless.testing.jar.Signing.by(identity));
    return jar.writeTo(dir.resolve("not-idempotent.jar"));
  }
}
