package io.forkless.host.replay;

import io.forkless.host.ForklessException;

/**
 * The import stopped at {@link #height()}: the block there was refused (it does not follow the
 * head, its hash differs from this node's block, or executing it does not give its header). Every
 * block below that height is committed; that block and the rest of the file are not.
 */
public class BlockImportException extends ForklessException {

  private final long height;

  public BlockImportException(long height, String message, Throwable cause) {
    super(message, cause);
    this.height = height;
  }

  public BlockImportException(long height, String message) {
    super(message);
    this.height = height;
  }

  /** The height of the block that was not imported. */
  public long height() {
    return height;
  }
}
