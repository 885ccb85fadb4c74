package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.node.config.NodeConfig;
import io.forkless.node.config.RpcAddress;
import io.forkless.node.server.Node;
import io.forkless.node.server.NodeSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ForklessTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Forkless.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsTheNodeCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: forkless", "node");
    assertThat(run("node", "--help")).isZero();
    assertThat(out.toString()).contains("--dev", "--data-dir", "--plugins-dir", "--rpc-addr");
  }

  @Test
  void versionIsPrinted() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("forkless ");
  }

  @Test
  void aFailureIsOneLineOnStderrWithoutAStackTrace() {
    assertThat(run("node", "--data-dir", tmp.toString())).isNotZero();
    assertThat(err.toString().strip())
        .startsWith("forkless: no chain to run: pass --dev")
        .doesNotContain("\n")
        .doesNotContain("at io.forkless");
  }

  @Test
  void verboseAddsTheStackTrace() {
    assertThat(run("--verbose", "node", "--data-dir", tmp.toString())).isNotZero();
    assertThat(err.toString()).contains("at io.forkless.node");
  }

  @Test
  void aPortInUseIsNamedWithWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThat(
              run("node", "--dev", "--data-dir", tmp.toString(), "--rpc-addr", "127.0.0.1:" + port))
          .isNotZero();
      assertThat(err.toString())
          .contains("port " + port + " is in use: stop the other node or pass --rpc-addr");
    }
  }

  @Test
  void aDataFolderInUseByAnotherNodeIsRefused() {
    Path data = tmp.resolve("data");
    try (Node first =
        Node.start(
            NodeSettings.resolve(
                new NodeSettings.Options(
                    NodeSettings.Mode.DEV,
                    Optional.of(data),
                    Optional.empty(),
                    Optional.of(new RpcAddress("127.0.0.1", 0)),
                    OptionalLong.empty(),
                    Optional.empty()),
                NodeConfig.empty()))) {
      assertThat(first.host().chain().head().height()).isNotNegative();
      assertThat(run("node", "--dev", "--data-dir", data.toString(), "--rpc-addr", "127.0.0.1:0"))
          .isNotZero();
      assertThat(err.toString()).contains("is already in use by another process");
    }
  }

  @Test
  void aPluginsFolderThatIsAFileIsAClearError() throws Exception {
    Path file = Files.writeString(tmp.resolve("plugins"), "not a folder");
    assertThat(
            run(
                "node",
                "--dev",
                "--data-dir",
                tmp.resolve("data").toString(),
                "--plugins-dir",
                file.toString(),
                "--rpc-addr",
                "127.0.0.1:0"))
        .isNotZero();
    assertThat(err.toString()).contains("plugins folder " + file, "is a file, not a folder");
  }
}
