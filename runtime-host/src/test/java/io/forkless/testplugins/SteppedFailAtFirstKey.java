package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws at the first account key (the activation block's step). */
@Extension
public final class SteppedFailAtFirstKey extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_fail_first";
  }

  @Override
  protected int failAtKey() {
    return 0;
  }
}
