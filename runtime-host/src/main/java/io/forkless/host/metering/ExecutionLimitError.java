package io.forkless.host.metering;

/**
 * A metered execution went past one of its {@link MeteringLimits}: out of steps, too deep, too much
 * memory, or untrusted code running where no meter was installed. Thrown by the injected metering
 * code; runtime and migration code can never catch it (every handler in loaded code rethrows it
 * first), so it always reaches the host, which turns it into a failed receipt or a refused JAR.
 *
 * <p>It is an {@link Error} so that host code written before metering, which catches {@code
 * RuntimeException}, lets it through to the boundary that installed the meter. The message is
 * deterministic (the same limit, at the same instruction, after the same number of steps on every
 * node), so it may go into a receipt.
 */
public final class ExecutionLimitError extends Error {

  private static final long serialVersionUID = 1L;

  /** Which limit was passed. */
  public enum Kind {
    OUT_OF_STEPS("out of steps"),
    TOO_DEEP("call depth limit reached"),
    TOO_MUCH_MEMORY("memory limit reached"),
    UNMETERED("runtime code ran outside a metered call");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    /** The words receipts use, e.g. {@code out of steps}. */
    public String words() {
      return words;
    }
  }

  private final Kind kind;

  ExecutionLimitError(Kind kind, String message) {
    // No suppression, no writable stack trace: the stack is JVM-specific and never reported.
    super(message, null, false, false);
    this.kind = kind;
  }

  /** Which limit was passed. */
  public Kind kind() {
    return kind;
  }
}
