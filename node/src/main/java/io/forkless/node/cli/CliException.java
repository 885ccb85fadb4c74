package io.forkless.node.cli;

/**
 * A client command failed for a reason the user can act on. The message is one line; {@link
 * CliMain#commandLine} prints it as {@code error: MESSAGE} and exits with 1.
 */
public final class CliException extends RuntimeException {

  public CliException(String message) {
    super(oneLine(message));
  }

  public CliException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** The text with line breaks folded into "; ", so every failure is reported on one line. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
