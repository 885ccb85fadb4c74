package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws a MigrationException at the first account key. */
@Extension
public final class FailAtFirstKey extends Layout2Rewrite {
  @Override
  public String name() {
    return "fail_first";
  }

  @Override
  protected int failAt(int total) {
    return 0;
  }
}
