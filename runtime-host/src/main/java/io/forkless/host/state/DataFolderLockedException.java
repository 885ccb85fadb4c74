package io.forkless.host.state;

import java.nio.file.Path;

/** Another process (or another store in this process) already has the data folder open. */
public final class DataFolderLockedException extends DataFolderException {

  public DataFolderLockedException(Path folder, Throwable cause) {
    super(
        folder,
        "data folder "
            + folder.toAbsolutePath()
            + " is already in use by another process (or another store in this one): stop that"
            + " node, or give this one its own data folder",
        cause);
  }
}
