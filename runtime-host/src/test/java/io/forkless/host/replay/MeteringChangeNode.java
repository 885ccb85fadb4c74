package io.forkless.host.replay;

import io.forkless.host.ForklessHost;
import io.forkless.host.metering.MeteringLimits;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM side of {@link MeteringParameterChangeTest}: a fresh node with the same genesis
 * (metering limits included) imports a block file and prints the state root at every height, then
 * the limits in force at its head.
 *
 * <p>Arguments: block file, data folder, plugins folder.
 */
final class MeteringChangeNode {

  private MeteringChangeNode() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    try (ForklessHost node =
            new ReplayNodes()
                .openMetered(
                    Path.of(args[1]),
                    Path.of(args[2]),
                    MeteringParameterChangeTest.GENESIS_LIMITS);
        InputStream in = Files.newInputStream(file)) {
      System.out.println("root 0 " + node.chain().stateRoot());
      BlockImporter.importBlocks(
          node,
          in,
          p ->
              System.out.println(
                  "root " + node.chain().head().height() + " " + node.chain().stateRoot()));
      MeteringLimits limits =
          io.forkless.host.metering.MeteringParameters.read(node.chain().state());
      System.out.println("limits " + limits);
    }
    System.out.println("import done");
  }
}
