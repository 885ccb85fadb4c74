package io.forkless.node.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.codec.BlockFileHeader;
import io.forkless.host.codec.BlockFileReader;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.node.Forkless;
import io.forkless.node.config.NodeConfig;
import io.forkless.node.dev.DevBundle;
import io.forkless.node.server.NodeSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** export-blocks and import-blocks on dev-chain data folders (RocksDB, the bundled dev JARs). */
class ReplayCommandsTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Consumer<CommandLine> setup, String... args) {
    CommandLine cl = Forkless.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    setup.accept(cl);
    return cl.execute(args);
  }

  private int run(String... args) {
    return run(cl -> {}, args);
  }

  /** A dev node's data folder with {@code blocks} blocks of two transfers; returns its head. */
  private static Block devNodeWithBlocks(Path data, int blocks) {
    NodeSettings s =
        NodeSettings.resolve(
            new NodeSettings.Options(
                NodeSettings.Mode.DEV,
                Optional.of(data),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty()),
            NodeConfig.empty());
    DevBundle.fillEmptyPluginsFolder(s.pluginsDir());
    // The same builder as `forkless node --dev` (dev genesis code and code parameters).
    try (ForklessHost host = s.hostBuilder().build()) {
      io.forkless.testing.Accounts.Signer signer =
          new io.forkless.testing.Accounts.Signer(s.genesis().chainId());
      for (int i = 0; i < blocks; i++) {
        host.submit(Transaction.runtime(signer.sign("transfer alice bob 3")));
        host.submit(Transaction.runtime(signer.sign("transfer bob charlie 1")));
        host.producer().produceBlock().orElseThrow();
      }
      return host.chain().head();
    }
  }

  private static Block storedHead(Path data) {
    try (RocksStateStore store =
        RocksStateStore.open(data.resolve("state"), StoreOptions.defaults())) {
      return Chain.storedBlock(store, Chain.storedHeadHeight(store).orElseThrow()).orElseThrow();
    }
  }

  @Test
  void anExportedChainImportsIntoAFreshDevNodeWithProgressAndResumesWithoutRedoingBlocks() {
    Path a = tmp.resolve("a");
    Block headOfA = devNodeWithBlocks(a, 12);
    Path file = tmp.resolve("chain.fkb");

    assertThat(run("export-blocks", "--data-dir", a.toString(), file.toString()))
        .as(err.toString())
        .isZero();
    assertThat(err.toString()).contains("exported blocks 1..12 (12 blocks, 24 transactions)");
    assertThat(tmp.resolve("chain.fkb.partial")).doesNotExist();

    Path b = tmp.resolve("b");
    assertThat(
            run(
                "import-blocks",
                "--dev",
                "--data-dir",
                b.toString(),
                "--progress-every",
                "5",
                file.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("block 5/12: 5 imported (10 transactions)", "block 10/12", "block 12/12")
        .contains("imported 12 blocks (24 transactions), skipped 0 already present; head 12 ")
        .contains(headOfA.hash().toString());
    assertThat(storedHead(b)).isEqualTo(headOfA);

    assertThat(run("import-blocks", "--dev", "--data-dir", b.toString(), file.toString())).isZero();
    assertThat(out.toString()).contains("imported 0 blocks (0 transactions), skipped 12");
  }

  @Test
  void aRangeGoesToStdoutAndImportReadsStdin() throws IOException {
    Path a = tmp.resolve("a");
    Block headOfA = devNodeWithBlocks(a, 6);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    int exit =
        run(
            cl ->
                ((ExportBlocksCommand) cl.getSubcommands().get("export-blocks").getCommand())
                        .stdout =
                    stdout,
            "export-blocks",
            "--data-dir",
            a.toString(),
            "--from",
            "1",
            "--to",
            "4",
            "-");

    assertThat(exit).as(err.toString()).isZero();
    BlockFileHeader header =
        BlockFileReader.open(new ByteArrayInputStream(stdout.toByteArray())).header();
    assertThat(header.firstHeight()).isEqualTo(1);
    assertThat(header.lastHeight()).isEqualTo(4);

    Path b = tmp.resolve("b");
    exit =
        run(
            cl ->
                ((ImportBlocksCommand) cl.getSubcommands().get("import-blocks").getCommand())
                        .stdin =
                    new ByteArrayInputStream(stdout.toByteArray()),
            "import-blocks",
            "--dev",
            "--data-dir",
            b.toString(),
            "-");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(storedHead(b).height()).isEqualTo(4);
    assertThat(storedHead(b).header().stateRoot()).isNotEqualTo(headOfA.header().stateRoot());
  }

  @Test
  void aTruncatedFileOrAMissingDataFolderIsOneLineOnStderr() throws IOException {
    Path a = tmp.resolve("a");
    devNodeWithBlocks(a, 3);
    Path file = tmp.resolve("chain.fkb");
    assertThat(run("export-blocks", "--data-dir", a.toString(), file.toString())).isZero();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));

    Path b = tmp.resolve("b");
    assertThat(run("import-blocks", "--dev", "--data-dir", b.toString(), file.toString()))
        .isEqualTo(1);
    // Only the trailer is cut: every block is complete and checked on its own, so all are kept.
    assertThat(err.toString())
        .contains("forkless: block file truncated")
        .contains("ends after them without its trailer");
    assertThat(storedHead(b).height()).isEqualTo(3);

    assertThat(run("export-blocks", "--data-dir", tmp.resolve("none").toString(), "x.fkb"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("forkless: no node data in");
  }
}
