package io.forkless.host.state;

import io.forkless.host.ForklessException;
import java.nio.file.Path;

/** A store's data folder cannot be used; the message names the folder and what to do. */
public class DataFolderException extends ForklessException {

  private final Path folder;

  public DataFolderException(Path folder, String message, Throwable cause) {
    super(message, cause);
    this.folder = folder;
  }

  public DataFolderException(Path folder, String message) {
    super(message);
    this.folder = folder;
  }

  /** The data folder concerned. */
  public Path folder() {
    return folder;
  }
}
