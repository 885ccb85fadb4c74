package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.server.Node;
import io.forkless.node.server.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forkless param} and {@code forkless param set} against a dev node (in this JVM, real
 * RocksDB, real JSON-RPC): a change signed by alice and bob (70 of 100 stake) is pending, shows in
 * {@code param} and {@code status}, and is in force from its height on; every refused case changes
 * nothing on the chain.
 */
class ParamCommandNodeTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path tmp;
  private Node node;
  private String url;

  @BeforeEach
  void start() {
    node =
        Node.start(
            NodeSettings.resolve(
                new NodeSettings.Options(
                    NodeSettings.Mode.DEV,
                    Optional.of(tmp.resolve("data")),
                    Optional.empty(),
                    Optional.of(new RpcAddress("127.0.0.1", 0)),
                    OptionalLong.of(100),
                    Optional.empty()),
                NodeConfig.empty()));
    url = "http://" + node.rpcAddress();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonNode status() {
    return RpcClient.of(url).status();
  }

  @Test
  void aChangeSetByTheCliIsPendingThenInForceFromItsHeight() {
    Cli before = Cli.run("param", "--rpc", url);
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(before.out())
        .containsPattern("metering\\.txSteps +10000000")
        .contains("no pending change");

    // Far enough ahead that a loaded machine includes it in time; the default (timelock + 20)
    // is what operators use.
    long at = status().path("height").asLong() + 100;
    Cli set =
        Cli.run(
            "param",
            "set",
            "metering.txSteps=5_000_000",
            "metering.maxCallDepth=128",
            "--at",
            Long.toString(at),
            "--key",
            "alice",
            "--key",
            "bob",
            "--rpc",
            url);

    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out())
        .containsPattern(
            "parameter metering changes at height " + at + " \\(included at height \\d+\\)")
        .contains("metering.txSteps 10000000 -> 5000000, metering.maxCallDepth 256 -> 128");
    JsonNode pending = status().path("meteringPending");
    long activation = pending.path("activationHeight").asLong();
    assertThat(activation).isEqualTo(at);
    assertThat(pending.path("txSteps").asLong()).isEqualTo(5_000_000L);
    if (status().path("height").asLong() < activation - 1) {
      Cli shown = Cli.run("param", "--rpc", url);
      assertThat(shown.out())
          .contains("from height " + activation)
          .containsPattern("metering\\.txSteps +10000000 +5000000")
          .containsPattern("metering\\.blockSteps +1000000000 +\\(same\\)");
      assertThat(Cli.run("status", "--rpc", url).out())
          .contains("from height " + activation + ": 5000000 steps/tx");
    }

    await().atMost(WAIT).until(() -> status().path("height").asLong() >= activation);
    JsonNode after = status();
    assertThat(after.path("metering").path("txSteps").asLong()).isEqualTo(5_000_000L);
    assertThat(after.path("metering").path("maxCallDepth").asLong()).isEqualTo(128);
    assertThat(after.path("metering").path("blockSteps").asLong()).isEqualTo(1_000_000_000L);
    assertThat(after.path("meteringPending").isNull()).isTrue();
    Cli shown = Cli.run("param", "--rpc", url);
    assertThat(shown.out())
        .containsPattern("metering\\.txSteps +5000000\\n")
        .containsPattern("metering\\.maxCallDepth +128\\n")
        .contains("no pending change");
    assertThat(Cli.run("status", "--rpc", url).out()).contains("5000000 steps/tx");
  }

  @Test
  void refusedChangesSayWhyAndChangeNothing() {
    long nonce = status().path("emergencyNonce").asLong();

    assertRefused(
        "unknown parameter 'metering.gas'; governance can set metering.txSteps,", "metering.gas=5");
    assertRefused("unknown parameter 'txSteps' (did you mean metering.txSteps?)", "txSteps=5");
    assertRefused("expected NAME=VALUE", "metering.txSteps");
    assertRefused(
        "metering.txSteps must be a positive whole number (digits, '_' allowed) but was '-5'",
        "metering.txSteps=-5");
    assertRefused("metering.txSteps must be a positive whole number", "metering.txSteps=lots");
    assertRefused(
        "out-of-range value: metering.txSteps must be positive, was 0", "metering.txSteps=0");
    assertRefused(
        "out-of-range value: metering.maxCallDepth 5000 is above 2000",
        "metering.maxCallDepth=5000");
    assertRefused(
        "out-of-range value: metering.txSteps 2000000000 is above blockSteps 1000000000",
        "metering.txSteps=2000000000");
    assertRefused("is out of range: at most", "metering.loadSteps=99999999999999999999");

    Cli eve = Cli.run("param", "set", "metering.txSteps=5", "--key", "eve", "--rpc", url);
    assertThat(eve.exitCode()).isEqualTo(1);
    assertThat(eve.err())
        .contains("--key eve is not a validator of this chain; validators: [alice, bob,");

    Cli alone = Cli.run("param", "set", "metering.txSteps=5", "--key", "alice", "--rpc", url);
    assertThat(alone.exitCode()).isEqualTo(1);
    assertThat(alone.err())
        .contains(
            "a parameter change needs signatures from validators holding at least 0.667 of the"
                + " stake (100); alice hold 40: add --key for more validators");

    long height = status().path("height").asLong();
    Cli early =
        Cli.run(
            "param",
            "set",
            "metering.txSteps=5",
            "--at",
            Long.toString(height),
            "--key",
            "alice",
            "--key",
            "bob",
            "--rpc",
            url);
    assertThat(early.exitCode()).isEqualTo(1);
    assertThat(early.err()).contains("is too early: a change takes effect at least the timelock");

    JsonNode after = status();
    assertThat(after.path("emergencyNonce").asLong()).isEqualTo(nonce);
    assertThat(after.path("meteringPending").isNull()).isTrue();
    assertThat(after.path("metering").path("txSteps").asLong()).isEqualTo(10_000_000L);
  }

  @Test
  void theMigrationBudgetIsChangedByTheCliFromItsHeightAndBadValuesChangeNothing() {
    long nonce = status().path("emergencyNonce").asLong();
    assertThat(status().path("migrationKeysPerBlock").asLong()).isEqualTo(5_000L);
    assertThat(Cli.run("param", "--rpc", url).out())
        .containsPattern("migration\\.keysPerBlock +5000\\n");
    assertRefused(
        "out-of-range value: migration.keysPerBlock must be at least 1 but was 0",
        "migration.keysPerBlock=0");
    assertRefused(
        "migration.keysPerBlock must be a positive whole number (digits, '_' allowed) but was"
            + " '-3'",
        "migration.keysPerBlock=-3");
    assertRefused(
        "out-of-range value: migration.keysPerBlock 10000001 is above the limit of 10000000 keys"
            + " per block",
        "migration.keysPerBlock=10_000_001");
    assertRefused(
        "unknown parameter 'migration.keys_per_block' (did you mean migration.keysPerBlock?)",
        "migration.keys_per_block=20");
    Cli both =
        Cli.run(
            "param",
            "set",
            "migration.keysPerBlock=20",
            "metering.txSteps=5000000",
            "--key",
            "alice",
            "--key",
            "bob",
            "--rpc",
            url);
    assertThat(both.exitCode()).isEqualTo(1);
    assertThat(both.err())
        .contains("change migration.keysPerBlock and the metering.* limits in separate commands");
    assertThat(status().path("emergencyNonce").asLong()).as("nothing was sent").isEqualTo(nonce);
    assertThat(status().path("migrationKeysPerBlockPending").isNull()).isTrue();

    long at = status().path("height").asLong() + 100;
    Cli set =
        Cli.run(
            "param",
            "set",
            "migration.keysPerBlock=20_000",
            "--at",
            Long.toString(at),
            "--key",
            "alice",
            "--key",
            "bob",
            "--rpc",
            url);
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out())
        .containsPattern("parameter migration changes at height " + at)
        .contains("migration.keysPerBlock 5000 -> 20000");
    JsonNode pending = status().path("migrationKeysPerBlockPending");
    assertThat(pending.path("activationHeight").asLong()).isEqualTo(at);
    assertThat(pending.path("keysPerBlock").asLong()).isEqualTo(20_000L);
    assertThat(status().path("migrationKeysPerBlock").asLong()).isEqualTo(5_000L);
    if (status().path("height").asLong() < at - 1) {
      assertThat(Cli.run("param", "--rpc", url).out())
          .containsPattern("migration\\.keysPerBlock +5000 +20000 from height " + at);
      assertThat(Cli.run("status", "--rpc", url).out())
          .contains("migrations 5000 keys/block, 20000 from height " + at + " (governance)");
    }

    await().atMost(WAIT).until(() -> status().path("height").asLong() >= at);
    assertThat(status().path("migrationKeysPerBlock").asLong()).isEqualTo(20_000L);
    assertThat(status().path("migrationKeysPerBlockPending").isNull()).isTrue();
    assertThat(status().path("metering").path("txSteps").asLong())
        .as("the metering limits are another parameter")
        .isEqualTo(10_000_000L);
  }

  private void assertRefused(String reason, String assignment) {
    Cli cli = Cli.run("param", "set", assignment, "--key", "alice", "--key", "bob", "--rpc", url);
    assertThat(cli.exitCode()).as(cli.out()).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: ").contains(reason);
  }
}
