package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws a MigrationException at the middle account key. */
@Extension
public final class FailAtMiddleKey extends Layout2Rewrite {
  @Override
  public String name() {
    return "fail_middle";
  }

  @Override
  protected int failAt(int total) {
    return total / 2;
  }
}
