package io.forkless.node.replay;

import io.forkless.host.ForklessException;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.replay.BlockImporter;
import io.forkless.host.replay.ImportProgress;
import io.forkless.node.server.ChainOptions;
import io.forkless.node.server.NodeSettings;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forkless import-blocks}: replays a block file into a stopped node, executing every block
 * after its head and checking each state root (io.forkless.host.replay.BlockImporter).
 */
@Command(
    name = "import-blocks",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a block file (docs/block-file.md) into a stopped node: every block after the node's"
          + " head is executed with the runtime active at its height (upgrades activate where they"
          + " did on the exporting node) and must give the state root it carries.",
      "Stops at the first block that does not, naming the height and both roots; nothing from"
          + " that block on is committed. Upgrade JARs come from the chain itself (code in"
          + " state); no plugins folder is needed. A JAR the chain never carried (an upgrade"
          + " staged from a plugins folder before code was on chain) stops the import at the"
          + " activation height naming the code hash: add the JAR to the plugins folder and run"
          + " the same command again, which resumes there."
    })
public final class ImportBlocksCommand implements Callable<Integer> {

  @Mixin ChainOptions chain = new ChainOptions();

  @Option(
      names = "--progress-every",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Print progress every N blocks. Default: 1000")
  long progressEvery;

  @Parameters(paramLabel = "FILE", description = "The block file to read; - for stdin")
  String file = "-";

  @Spec CommandSpec spec;

  /** Where {@code -} reads; the process's stdin unless a test replaces it. */
  InputStream stdin = System.in;

  @Override
  public Integer call() throws IOException {
    if (progressEvery < 1) {
      throw new ForklessException("--progress-every must be at least 1 but was " + progressEvery);
    }
    // No plugins folder needed: the dev genesis runtime is bundled, every later JAR is on chain.
    NodeSettings settings = chain.resolve(Optional.empty(), OptionalLong.empty());
    PrintWriter out = spec.commandLine().getOut();
    try (ForklessHost host = settings.hostBuilder().build();
        InputStream in = open()) {
      out.println(
          "importing into chain "
              + host.chain().chainId()
              + " at head "
              + host.chain().head().height()
              + " from "
              + (this.file.equals("-") ? "stdin" : this.file));
      out.flush();
      BlockImporter.Imported result =
          BlockImporter.importBlocks(
              host,
              in,
              p -> {
                if (p.height() % progressEvery == 0 || p.height() == p.lastHeight()) {
                  out.println(progressLine(p));
                  out.flush();
                }
              });
      Block head = result.head();
      out.println(
          "imported "
              + result.blocksImported()
              + " blocks ("
              + result.transactionsImported()
              + " transactions), skipped "
              + result.blocksSkipped()
              + " already present; head "
              + head.height()
              + " "
              + head.hash()
              + ", runtime "
              + head.header().runtimeVersion()
              + " (code hash "
              + head.header().runtimeCodeHash()
              + "), state root "
              + host.chain().stateRoot());
    }
    return 0;
  }

  private InputStream open() throws IOException {
    if (file.equals("-")) {
      return new BufferedInputStream(stdin, 1 << 16);
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new ForklessException("block file " + path.toAbsolutePath() + " does not exist");
    }
    return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
  }

  private static String progressLine(ImportProgress p) {
    return "block "
        + p.height()
        + "/"
        + p.lastHeight()
        + ": "
        + p.blocksImported()
        + " imported ("
        + p.transactionsImported()
        + " transactions), "
        + p.blocksSkipped()
        + " already present";
  }
}
