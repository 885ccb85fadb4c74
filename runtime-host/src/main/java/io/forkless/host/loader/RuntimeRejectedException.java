package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import io.forkless.host.ForklessException;
import java.util.List;

/**
 * A runtime or migration-plugin JAR failed one or more of the loader's checks. Lists every reason
 * found (every bytecode violation, not only the first), so a runtime developer can fix them all at
 * once. Nothing of the JAR's code ran and nothing stays loaded or open.
 */
public final class RuntimeRejectedException extends ForklessException {

  private final String source;
  private final ImmutableList<String> reasons;

  /**
   * @param source the JAR, as named to the operator (e.g. its path)
   * @param reasons every reason the JAR was refused; at least one
   */
  public RuntimeRejectedException(String source, List<String> reasons) {
    super(format(source, reasons));
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a rejection needs at least one reason");
    }
    this.source = source;
    this.reasons = ImmutableList.copyOf(reasons);
  }

  /** Same as {@link #RuntimeRejectedException(String, List)}, keeping the underlying cause. */
  public RuntimeRejectedException(String source, List<String> reasons, Throwable cause) {
    this(source, reasons);
    initCause(cause);
  }

  /** The rejected JAR, as named to the operator. */
  public String source() {
    return source;
  }

  /** Every reason, in the order found. */
  public ImmutableList<String> reasons() {
    return reasons;
  }

  private static String format(String source, List<String> reasons) {
    StringBuilder text = new StringBuilder("refused ").append(source).append(": ");
    if (reasons.size() == 1) {
      return text.append(reasons.get(0)).toString();
    }
    text.append(reasons.size()).append(" problems");
    for (String reason : reasons) {
      text.append("\n  - ").append(reason);
    }
    return text.toString();
  }
}
