package io.forkless.host.loader;

/**
 * A host-side copy of an exception thrown by a JAR's code (a static initializer or constructor),
 * kept as the cause of a {@link RuntimeRejectedException}. The original cannot be kept: its class
 * may be the JAR's own, and a JVM backtrace refers to the classes of its frames, so holding it
 * would pin the refused JAR's class loader. The copy keeps the original class name, message and
 * stack trace (plain strings), and copies causes the same way.
 */
final class JarCodeFailure extends RuntimeException {

  private JarCodeFailure(Throwable original) {
    super(original.getClass().getName() + ": " + original.getMessage(), null, false, true);
    setStackTrace(original.getStackTrace());
  }

  /** A copy of {@code original} and its causes that references no class of the JAR. */
  static JarCodeFailure copyOf(Throwable original) {
    JarCodeFailure copy = new JarCodeFailure(original);
    Throwable cause = original.getCause();
    if (cause != null && cause != original) {
      copy.initCause(copyOf(cause));
    }
    return copy;
  }
}
