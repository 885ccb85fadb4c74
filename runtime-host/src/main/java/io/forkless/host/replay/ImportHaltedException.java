package io.forkless.host.replay;

/**
 * The import stopped at {@link #height()} on a local failure (ARCHITECTURE.md): this node cannot
 * execute that block yet, typically because the runtime or migration plugin JAR an upgrade needs is
 * not in its plugins folder. The message names what is missing (the code hash). Nothing at or after
 * that height is committed; supply what is missing and run the same import again, which resumes at
 * that height.
 */
public final class ImportHaltedException extends BlockImportException {

  public ImportHaltedException(long height, String message, Throwable cause) {
    super(height, message, cause);
  }
}
