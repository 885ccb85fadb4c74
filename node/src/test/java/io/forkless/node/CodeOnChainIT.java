package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.SampleJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code on chain end to end (#14), every step a real process: a dev node whose plugins folder holds
 * no JAR runs a full upgrade whose JARs exist only where the proposer's CLI reads them ({@code
 * forkless propose} uploads them), rolls it back, and a fresh node with no plugins folder imports
 * the exported chain to byte-identical blocks (so the same state root at every height).
 */
class CodeOnChainIT {

  private static final Duration STEP = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void anUpgradeWhoseJarsOnlyTheProposerHasRunsFromTheChainAndAFreshNodeReplaysIt()
      throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    // Not empty, so the dev node does not copy its sample JARs in: this folder never holds a JAR.
    Files.writeString(plugins.resolve("README.txt"), "no JARs here\n");
    Path cliJars = Files.createDirectories(tmp.resolve("proposer"));
    Path runtime = Files.copy(SampleJars.jar(SampleJars.RUNTIME_2_0_0), cliJars.resolve("r.jar"));
    Path staking = Files.copy(SampleJars.jar(SampleJars.ADD_STAKING), cliJars.resolve("m.jar"));
    HashCode runtimeHash = sha256(runtime);
    Path data = tmp.resolve("data");
    // A voting period long enough for three CLI processes on a loaded machine.
    Path config = tmp.resolve("dev.toml");
    Files.writeString(
        config,
        "[upgrade]\nvoting_period = 2000\ntimelock_delay = 5\nmax_snapshots = 10\n"
            + "quorum_threshold = 0.334\napproval_threshold = 0.667\n");
    try (NodeProcess node =
        NodeProcess.start(
            tmp.resolve("node.log"),
            "--dev",
            "--config",
            config.toString(),
            "--data-dir",
            data.toString(),
            "--plugins-dir",
            plugins.toString(),
            "--block-time",
            "250")) {
      String rpc = node.url("");
      assertThat(
              forkless(
                  "propose",
                  "--jar",
                  runtime.toString(),
                  "--migration",
                  staking.toString(),
                  "--title",
                  "Staking",
                  "--key",
                  "alice",
                  "--rpc",
                  rpc))
          .isZero();
      JsonNode code =
          node.rpc("forkless_code", NodeProcess.params().put("hash", runtimeHash.toString()));
      assertThat(code.get("complete").asBoolean()).isTrue();
      assertThat(code.get("received").asLong()).isEqualTo(Files.size(runtime));
      assertThat(forkless("code", "status", sha256(staking).toString(), "--rpc", rpc)).isZero();

      assertThat(forkless("vote", "1", "--yes", "--key", "alice", "--rpc", rpc)).isZero();
      assertThat(forkless("vote", "1", "--yes", "--key", "bob", "--rpc", rpc)).isZero();
      await().atMost(STEP).until(() -> status(node).get("runtimeVersion").asText().equals("2.0.0"));
      assertThat(status(node).get("halted").isNull()).isTrue();
      // Activated only after every dev validator's node attested (the dev node holds all keys).
      JsonNode precheck =
          node.rpc("forkless_proposal", NodeProcess.params().put("id", 1)).get("precheck");
      assertThat(precheck.get("required").asBoolean()).isTrue();
      assertThat(precheck.get("stake").asLong()).isEqualTo(100);
      assertThat(
              forkless(
                  "runtime",
                  "inspect",
                  "--from-chain",
                  runtimeHash.toString(),
                  "--dev",
                  "--rpc",
                  rpc))
          .isZero();

      assertThat(forkless("rollback", "1", "--key", "alice", "--key", "bob", "--rpc", rpc))
          .isZero();
      await().atMost(STEP).until(() -> status(node).get("runtimeVersion").asText().equals("1.0.0"));
    }
    try (Stream<Path> files = Files.list(plugins)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .as("the node's plugins folder never held a JAR")
          .containsExactly("README.txt");
    }

    Path exportA = tmp.resolve("a.blocks");
    Path exportB = tmp.resolve("b.blocks");
    Path dataB = tmp.resolve("data-b");
    Path noPlugins = tmp.resolve("no-plugins");
    assertThat(forkless("export-blocks", "--data-dir", data.toString(), exportA.toString()))
        .isZero();
    assertThat(
            forkless(
                "import-blocks",
                "--dev",
                "--config",
                tmp.resolve("dev.toml").toString(),
                "--data-dir",
                dataB.toString(),
                "--plugins-dir",
                noPlugins.toString(),
                exportA.toString()))
        .isZero();
    assertThat(noPlugins).doesNotExist();
    assertThat(forkless("export-blocks", "--data-dir", dataB.toString(), exportB.toString()))
        .isZero();
    assertThat(Files.readAllBytes(exportB)).isEqualTo(Files.readAllBytes(exportA));
  }

  private int forkless(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(NodeProcess.nodeJar().toString());
    command.addAll(List.of(args));
    Path log = tmp.resolve("forkless-cli.log");
    Files.writeString(
        log,
        "$ forkless " + String.join(" ", args) + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("forkless " + String.join(" ", args) + " did not finish");
    }
    if (p.exitValue() != 0) {
      System.err.println(Files.readString(log));
    }
    return p.exitValue();
  }

  private static JsonNode status(NodeProcess node) {
    return node.rpc("forkless_status", NodeProcess.params());
  }

  private static HashCode sha256(Path file) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }
}
