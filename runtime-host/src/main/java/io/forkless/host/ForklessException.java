package io.forkless.host;

/**
 * The root of every failure the host reports (a refused JAR, a failed migration, a corrupt data
 * folder). Messages say what happened in operator terms and what to do about it. Caller mistakes
 * are {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public class ForklessException extends RuntimeException {

  public ForklessException(String message) {
    super(message);
  }

  public ForklessException(String message, Throwable cause) {
    super(message, cause);
  }
}
