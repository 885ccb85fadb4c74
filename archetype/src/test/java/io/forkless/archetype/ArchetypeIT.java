package io.forkless.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runtime developers' guide, executed: every {@code sh} block of docs/runtime-developers.md, in
 * order, in one bash session in an empty folder. It generates a project from this build's
 * archetype, builds it without network against a local repository under target/ (never ~/.m2),
 * inspects its JARs, signs them with keys made by {@code forkless keys}, runs the dry run, ships
 * the upgrade to a dev node that trusts the developer's trust store, and starts a chain of the
 * developer's own with their own validator key.
 */
class ArchetypeIT {

  private static final long TIMEOUT_MINUTES = 20;

  @Test
  void theGuideRunsFromAnEmptyFolderToAnUpgradedDevChainAndAChainOfYourOwn() throws Exception {
    Path root = Path.of("target", "guide-it").toAbsolutePath();
    deleteRecursively(root);
    Path work = Files.createDirectories(root.resolve("work"));
    Path bin = ItEnvironment.create(root);
    DocCommands doc = DocCommands.read(DocCommandsTest.GUIDE);
    StringBuilder script = new StringBuilder();
    script.append("set -euo pipefail\n");
    // Never leave a node running if a command fails.
    script.append("trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n");
    script.append("set -x\n");
    for (String block : doc.shellBlocks()) {
      script.append(block);
    }
    Path scriptFile = root.resolve("guide.sh");
    Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    Path log = root.resolve("guide.log");

    ProcessBuilder pb =
        new ProcessBuilder("bash", scriptFile.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment()
        .put(
            "PATH",
            bin
                + ":"
                + Path.of(System.getProperty("java.home"), "bin")
                + ":"
                + System.getenv("PATH"));
    pb.environment().remove("MAVEN_OPTS");
    Process bash = pb.start();
    boolean finished = bash.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      bash.descendants().forEach(ProcessHandle::destroyForcibly);
      bash.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished)
        .as("the guide finished within %d minutes:%n%s", TIMEOUT_MINUTES, tail(output))
        .isTrue();
    assertThat(bash.exitValue())
        .as("the guide's commands all succeeded:%n%s", tail(output))
        .isZero();

    Path project = work.resolve("acme-chain");
    assertThat(project.resolve("runtime/target/acme-chain-runtime.jar")).isRegularFile();
    assertThat(project.resolve("migration/target/acme-chain-migration.jar.sha256")).isRegularFile();
    // Inspections: dev key twice, own key once; the plugin shows its own version.
    assertThat(output).contains("plugin     add_nonce").contains("CN=acme runtime signer");
    assertThat(output.split("verdict    ACCEPTED", -1)).hasSize(4);
    assertThat(output).contains("dry run of 1.0.0 -> 2.0.0");
    assertThat(Files.readString(project.resolve("dev-node.log")))
        .contains("Dev chain also trusts CN=acme Forkless code-signing CA");
    assertThat(output).containsPattern("runtime +2\\.0\\.0").contains("acme-testnet");
    // Signed transfers: alice's nonce 0 before the upgrade, 1 after it (add_nonce carried it over);
    // on the chain of your own, the treasury's key file signs.
    assertThat(output)
        .containsPattern("\\(nonce 1\\) included at height \\d+: ok \\(nonce 2\\)")
        .contains("balance 999999800, nonce 2")
        .contains("balance 100, nonce 0");
  }

  private static String tail(String text) {
    return text.length() <= 12_000 ? text : "..." + text.substring(text.length() - 12_000);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
