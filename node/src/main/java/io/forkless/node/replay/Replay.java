package io.forkless.node.replay;

import io.forkless.host.ForklessException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the replay commands share. */
final class Replay {

  private Replay() {}

  /**
   * The state folder of a node's data folder ({@code NodeSettings#stateDir}), which must exist:
   * opening a store on a missing folder would create an empty one.
   */
  static Path stateDir(Path dataDir) {
    Path state = dataDir.resolve("state");
    if (!Files.isDirectory(state)) {
      throw new ForklessException(
          "no node data in "
              + dataDir.toAbsolutePath()
              + " (expected "
              + state
              + "): pass the --data-dir of a node that has run");
    }
    return state;
  }
}
