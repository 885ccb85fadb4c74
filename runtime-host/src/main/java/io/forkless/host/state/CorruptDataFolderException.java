package io.forkless.host.state;

import java.nio.file.Path;

/** The data folder is a Forkless store whose contents cannot be read back consistently. */
public final class CorruptDataFolderException extends DataFolderException {

  public CorruptDataFolderException(Path folder, String what, Throwable cause) {
    super(folder, message(folder, what), cause);
  }

  public CorruptDataFolderException(Path folder, String what) {
    super(folder, message(folder, what));
  }

  private static String message(Path folder, String what) {
    return "data folder "
        + folder.toAbsolutePath()
        + " is corrupt ("
        + what
        + "): restore it from a backup or a snapshot, or resynchronize the node into an empty"
        + " folder";
  }
}
