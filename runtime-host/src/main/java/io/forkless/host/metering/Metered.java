package io.forkless.host.metering;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a call into loaded code under a meter: the thread's, when a transaction already installed
 * one, or a fresh one with {@code steps}. Failures leave as host exceptions whose text was read
 * under the meter, so no code of the JAR runs after the call returns.
 */
final class Metered {

  private Metered() {}

  static <T extends @Nullable Object> T call(
      long steps, MeteringLimits limits, String what, Supplier<T> body) {
    return call(steps, limits.txMemoryBytes(), limits, what, body);
  }

  /** {@link #call(long, MeteringLimits, String, Supplier)} with a memory budget of its own. */
  static <T extends @Nullable Object> T call(
      long steps, long memoryBytes, MeteringLimits limits, String what, Supplier<T> body) {
    if (Meter.lookup() != null) {
      return body.get();
    }
    Meter meter = Meter.of(steps, limits, memoryBytes);
    try {
      return meter.run(
          () -> {
            try {
              return body.get();
            } catch (RuntimeException e) {
              throw hostSafe(e, what);
            }
          });
    } catch (ExecutionLimitError e) {
      throw new ExecutionLimitException(what + ": " + e.getMessage());
    }
  }

  /**
   * {@code e} itself when its class is the JDK's or the API's; otherwise a host exception carrying
   * the text, read now, under the meter (a JAR's own exception class could loop in getMessage).
   */
  static RuntimeException hostSafe(RuntimeException e, String what) {
    if (!isLoadedCode(e.getClass())) {
      return e;
    }
    return new ExecutionLimitException(what + ": " + describe(e));
  }

  /** {@code ClassName: message}, read under the current meter. */
  static String describe(Throwable e) {
    String message;
    try {
      message = e.getMessage();
    } catch (RuntimeException unreadable) {
      message = "(its message threw " + unreadable.getClass().getName() + ")";
    }
    return e.getClass().getName() + ": " + message;
  }

  static boolean isLoadedCode(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader != null && loader != Metered.class.getClassLoader();
  }
}
