package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.forkless.host.SampleJars;
import io.forkless.node.server.ConfiguredChain;
import io.forkless.testing.jar.TestJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "progress everywhere", on a real node process of a configured chain: its genesis sets a
 * budget of 2 keys per block ({@code [genesis.migration] keys_per_block}), so the sample {@code
 * add_staking_stepped} rewrites one of the 200 genesis accounts a block. While it runs, {@code
 * forkless status --json} (the CLI as a user runs it), the status RPC, {@code /metrics} and the
 * dashboard's data ({@code forkless_dashboard}) all show it progressing; governance then raises the
 * budget by {@code forkless param set migration.keysPerBlock=20}, which the running migration picks
 * up at the change's height; once it completes, the journal has its started, step, completed and
 * validated events and the chain runs 2.0.0.
 */
class MigrationProgressIT {

  private static final Duration STEP = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ACCOUNTS = 200;
  private static final String MIGRATION = "add_staking_stepped";

  @TempDir Path tmp;

  private Path cliLog;

  @Test
  void aRunningMigrationShowsInStatusRpcMetricsAndDashboardAndFollowsAGovernedBudget()
      throws Exception {
    cliLog = tmp.resolve("forkless-cli.log");
    ConfiguredChain chain = new ConfiguredChain(tmp);
    ConfiguredChain.Member v1 = chain.validator("v1", 1);
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    TestJar genesis = chain.resigned(SampleJars.RUNTIME_1_0_0);
    genesis.writeTo(plugins.resolve(SampleJars.RUNTIME_1_0_0));
    Path runtime = tmp.resolve("runtime-2.0.0.jar");
    chain.resigned(SampleJars.RUNTIME_2_0_0).writeTo(runtime);
    Path stepped = tmp.resolve("add-staking-stepped.jar");
    chain.resigned(SampleJars.ADD_STAKING_STEPPED).writeTo(stepped);
    Path config =
        chain
            .genesisRuntime(accounts())
            .config(
                genesis.sha256Hex(),
                "",
                "[validator]\nkey_file = \"v1.key\"\n[genesis.migration]\nkeys_per_block = 2\n");
    String key = v1.keyFile().toString();

    try (NodeProcess node =
        NodeProcess.start(
            tmp.resolve("node.log"),
            "--config",
            config.toString(),
            "--data-dir",
            tmp.resolve("data").toString(),
            "--plugins-dir",
            plugins.toString(),
            "--block-time",
            "300")) {
      String rpc = node.url("");
      assertThat(status(node).path("migrationKeysPerBlock").asLong())
          .as("the genesis budget")
          .isEqualTo(2);
      assertThat(status(node).path("migration").isNull()).isTrue();

      Cli proposed =
          forkless(
              "propose",
              "--jar",
              runtime.toString(),
              "--migration",
              stepped.toString(),
              "--title",
              "Staking, stepped",
              "--key",
              "v1",
              "--key-file",
              key,
              "--truststore",
              tmp.resolve("trust.p12").toString(),
              "--truststore-password",
              "trust-pass",
              "--rpc",
              rpc);
      assertThat(proposed.exit()).as("%s", proposed).isZero();
      Cli vote = forkless("vote", "1", "--yes", "--key", "v1", "--key-file", key, "--rpc", rpc);
      assertThat(vote.exit()).as("%s", vote).isZero();

      // Null until the activation block; the estimate comes after a thousandth of the key space.
      await()
          .atMost(STEP)
          .until(() -> status(node).path("migration").path("keysEstimated").asLong() > 0);
      // The CLI, as a user runs it.
      JsonNode first = migration(cliStatus(rpc));
      assertThat(first.path("migration").asText()).isEqualTo(MIGRATION);
      assertThat(first.path("migrations").get(0).asText()).isEqualTo(MIGRATION);
      assertThat(first.path("phase").asText()).isEqualTo("migrating");
      assertThat(first.path("from").asText()).isEqualTo("1.0.0");
      assertThat(first.path("to").asText()).isEqualTo("2.0.0");
      assertThat(first.path("keysPerBlock").asLong()).isEqualTo(2);
      assertThat(first.path("keysDone").asLong()).isPositive();
      assertThat(first.path("keysEstimated").asLong()).isPositive();
      assertThat(first.path("blocksUsed").asLong()).isPositive();
      await()
          .atMost(STEP)
          .untilAsserted(
              () -> {
                JsonNode later = migration(cliStatus(rpc));
                assertThat(later.path("keysDone").asLong())
                    .isGreaterThan(first.path("keysDone").asLong());
                assertThat(later.path("blocksUsed").asLong())
                    .isGreaterThan(first.path("blocksUsed").asLong());
              });

      // The status RPC answers the same migration, at least as far along.
      JsonNode viaRpc = migration(status(node));
      for (String field :
          List.of("upgradeId", "from", "to", "activationHeight", "migration", "keysPerBlock")) {
        assertThat(viaRpc.path(field)).as(field).isEqualTo(first.path(field));
      }
      assertThat(viaRpc.path("keysDone").asLong()).isGreaterThan(first.path("keysDone").asLong());
      assertThat(viaRpc.path("etaBlocks").asLong()).isPositive();

      // /metrics (Prometheus names of the docs).
      String metrics = node.get("/metrics");
      assertThat(metric(metrics, "forkless_migration_running")).isEqualTo(1.0);
      assertThat(metric(metrics, "forkless_migration_keys_done")).isPositive();
      assertThat(metric(metrics, "forkless_migration_keys_estimated")).isPositive();
      assertThat(metric(metrics, "forkless_migration_blocks")).isPositive();
      assertThat(metric(metrics, "forkless_migration_eta_blocks")).isPositive();
      assertThat(metric(metrics, "forkless_migration_steps_total")).isPositive();
      assertThat(metric(metrics, "forkless_migration_step_keys_count")).isPositive();

      // The dashboard's data.
      JsonNode panel = node.rpc("forkless_dashboard", NodeProcess.params()).path("migration");
      assertThat(panel.path("migration").asText()).isEqualTo(MIGRATION);
      assertThat(panel.path("upgradeId")).isEqualTo(first.path("upgradeId"));
      assertThat(panel.path("keysDone").asLong()).isGreaterThan(first.path("keysDone").asLong());

      // Governance raises the budget mid-migration; the migration uses it from the change's height.
      // Default --at: the CLI's own view of the height + timelock + 20, so a slow CLI start on a
      // loaded machine cannot make it too early.
      Cli set =
          forkless(
              "param",
              "set",
              "migration.keysPerBlock=20",
              "--key",
              "v1",
              "--key-file",
              key,
              "--rpc",
              rpc);
      assertThat(set.exit()).as("%s", set).isZero();
      assertThat(set.out()).contains("migration.keysPerBlock 2 -> 20");
      Matcher changes =
          Pattern.compile("parameter migration changes at height (\\d+)").matcher(set.out());
      assertThat(changes.find()).as("%s", set).isTrue();
      long at = Long.parseLong(changes.group(1));
      JsonNode pending = status(node);
      if (pending.path("height").asLong() < at - 1) {
        assertThat(pending.path("migrationKeysPerBlockPending").path("activationHeight").asLong())
            .isEqualTo(at);
        assertThat(migration(pending).path("keysPerBlock").asLong()).isEqualTo(2);
      }
      // migration() fails at once if the migration ended before the change's height.
      await().atMost(STEP).until(() -> migration(status(node)).path("keysPerBlock").asLong() == 20);
      JsonNode widened = status(node);
      assertThat(widened.path("migrationKeysPerBlock").asLong()).isEqualTo(20);
      assertThat(widened.path("height").asLong()).isGreaterThanOrEqualTo(at);

      await()
          .atMost(STEP)
          .until(() -> status(node).path("runtimeVersion").asText().equals("2.0.0"));
      JsonNode done = status(node);
      assertThat(done.path("migration").isNull()).isTrue();
      assertThat(done.path("halted").isNull()).as("%s", done).isTrue();
      assertThat(
              node.rpc("forkless_proposal", NodeProcess.params().put("id", 1))
                  .path("state")
                  .asText())
          .isEqualTo("EXECUTED");
      List<String> kinds =
          StreamSupport.stream(
                  node.rpc("forkless_events", NodeProcess.params()).path("events").spliterator(),
                  false)
              .map(e -> e.path("kind").asText())
              .toList();
      assertThat(kinds)
          .contains(
              "MIGRATION_STARTED", "MIGRATION_STEP", "MIGRATION_COMPLETED", "MIGRATION_VALIDATED");
      assertThat(kinds.indexOf("MIGRATION_STARTED"))
          .isLessThan(kinds.indexOf("MIGRATION_COMPLETED"));
      Cli events = forkless("events", "--rpc", rpc);
      assertThat(events.exit()).isZero();
      assertThat(events.out())
          .contains("migration '" + MIGRATION + "' started at height")
          .contains("migration '" + MIGRATION + "' completed at height")
          .contains("keys written in");
      String after = node.get("/metrics");
      assertThat(metric(after, "forkless_migration_running")).isEqualTo(0.0);
    }
  }

  /**
   * {@link #ACCOUNTS} accounts with seeded random keys (spread over the key space, as real keys).
   */
  private static String accounts() {
    Random random = new Random(16);
    StringBuilder toml = new StringBuilder();
    for (int i = 0; i < ACCOUNTS; i++) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      toml.append("[[genesis.runtime.accounts]]\npublic_key = \"")
          .append(HexFormat.of().formatHex(k))
          .append("\"\nbalance = ")
          .append(1_000 + i)
          .append('\n');
    }
    return toml.toString();
  }

  private static JsonNode status(NodeProcess node) {
    return node.rpc("forkless_status", NodeProcess.params());
  }

  /** The status's running migration; fails while none runs. */
  private static JsonNode migration(JsonNode status) {
    JsonNode m = status.path("migration");
    if (!m.isObject()) {
      throw new AssertionError("no migration running at height " + status.path("height"));
    }
    return m;
  }

  private JsonNode cliStatus(String rpc) throws Exception {
    Cli status = forkless("status", "--json", "--rpc", rpc);
    assertThat(status.exit()).as("%s", status).isZero();
    return JSON.readTree(status.out());
  }

  /** The value of an unlabelled sample of {@code name} in Prometheus text. */
  private static double metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(text);
    if (!m.find()) {
      throw new AssertionError(name + " is not in /metrics:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  /** A finished CLI run; {@code toString} shows both streams for assertion messages. */
  private record Cli(int exit, String out, String err) {}

  /** {@code forkless ARGS} in a child JVM: exit code and standard output. */
  private Cli forkless(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(NodeProcess.nodeJar().toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "cli", ".out");
    Path err = Files.createTempFile(tmp, "cli", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("forkless " + String.join(" ", args) + " did not finish");
    }
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    append(
        "$ forkless " + String.join(" ", args) + " -> " + p.exitValue() + "\n" + stdout + stderr);
    return new Cli(p.exitValue(), stdout, stderr);
  }

  private void append(String text) {
    try {
      Files.writeString(cliLog, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
