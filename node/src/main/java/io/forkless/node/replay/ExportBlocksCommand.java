package io.forkless.node.replay;

import io.forkless.host.ForklessException;
import io.forkless.host.replay.BlockExporter;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.node.server.NodeSettings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forkless export-blocks}: writes a stopped node's committed blocks as a block file. Reads
 * the store only, so it needs no runtime JAR, genesis configuration or trust store.
 */
@Command(
    name = "export-blocks",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the canonical chain of a stopped node as a block file (docs/block-file.md), for"
          + " 'forkless import-blocks' on another node.",
      "Blocks a rollback reverted are not part of the chain and are not written."
    })
public final class ExportBlocksCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The stopped node's folder (state in DIR/state). Default: ./data")
  @Nullable Path dataDir;

  @Option(
      names = "--from",
      paramLabel = "H",
      defaultValue = "1",
      description = "First height to write. Default: 1 (the block after genesis)")
  long from;

  @Option(names = "--to", paramLabel = "H", description = "Last height to write. Default: the head")
  @Nullable Long to;

  @Parameters(paramLabel = "FILE", description = "The block file to write; - for stdout")
  String file = "-";

  @Spec CommandSpec spec;

  /** Where {@code -} writes; the process's stdout unless a test replaces it. */
  OutputStream stdout = System.out;

  @Override
  public Integer call() {
    Path data = dataDir == null ? NodeSettings.DEFAULT_DATA_DIR : dataDir;
    Path state = Replay.stateDir(data);
    BlockExporter.Exported exported;
    try (RocksStateStore store = RocksStateStore.open(state, StoreOptions.defaults())) {
      if (file.equals("-")) {
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        exported = BlockExporter.export(store, from, Optional.ofNullable(to), out);
      } else {
        exported = toFile(store, Path.of(file));
      }
    }
    // The summary goes to stderr: stdout may be the block file itself.
    spec.commandLine()
        .getErr()
        .println(
            "exported blocks "
                + exported.fromHeight()
                + ".."
                + exported.toHeight()
                + " ("
                + exported.blocks()
                + " blocks, "
                + exported.transactions()
                + " transactions) to "
                + (file.equals("-") ? "stdout" : file));
    return 0;
  }

  /** Writes beside the target, then moves it in: a failed export never leaves half a file. */
  private BlockExporter.Exported toFile(RocksStateStore store, Path target) {
    Path tmp = target.resolveSibling(target.getFileName() + ".partial");
    try {
      BlockExporter.Exported exported;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        exported = BlockExporter.export(store, from, Optional.ofNullable(to), out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      return exported;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new ForklessException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The export's own failure is what the operator needs to see.
    }
  }
}
