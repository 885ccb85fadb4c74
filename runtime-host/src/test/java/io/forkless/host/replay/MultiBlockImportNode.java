package io.forkless.host.replay;

import io.forkless.host.ForklessHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The importing child JVM of {@link MultiBlockCrashTest}: imports a block file into a fresh node
 * and prints {@code ROOT height root} after every block, then {@code DONE}.
 */
public final class MultiBlockImportNode {

  private MultiBlockImportNode() {}

  public static void main(String[] args) throws IOException {
    try (ForklessHost host = new ReplayNodes().openMigrating(Path.of(args[0]), Path.of(args[1]));
        InputStream in = Files.newInputStream(Path.of(args[2]))) {
      BlockImporter.importBlocks(
          host,
          in,
          p ->
              System.out.println(
                  "ROOT " + host.chain().head().height() + " " + host.chain().stateRoot()));
      System.out.println("DONE " + host.chain().head().height());
    } catch (RuntimeException e) {
      System.out.println("IMPORT FAILED " + e);
      throw e;
    }
  }
}
