package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws a MigrationException at the last account key. */
@Extension
public final class FailAtLastKey extends Layout2Rewrite {
  @Override
  public String name() {
    return "fail_last";
  }

  @Override
  protected int failAt(int total) {
    return total - 1;
  }
}
