package io.forkless.host.state;

import java.nio.file.Path;

/** The data folder holds files that are not a Forkless store (or a store of another format). */
public final class ForeignDataFolderException extends DataFolderException {

  public ForeignDataFolderException(Path folder, String what) {
    super(
        folder,
        "data folder "
            + folder.toAbsolutePath()
            + " is not a Forkless state store ("
            + what
            + "): point the node at an empty folder or at its own data folder");
  }
}
