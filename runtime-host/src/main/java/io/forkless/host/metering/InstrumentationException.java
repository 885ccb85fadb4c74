package io.forkless.host.metering;

import io.forkless.host.ForklessException;
import java.util.List;

/** Some classes of a JAR cannot be metered; {@link #problems()} says which and why. */
public final class InstrumentationException extends ForklessException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  InstrumentationException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per class that cannot be metered. */
  public List<String> problems() {
    return problems;
  }
}
