package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws at the 251st account key (a middle block's step). */
@Extension
public final class SteppedFailAtKey250 extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_fail_middle";
  }

  @Override
  protected int failAtKey() {
    return 250;
  }
}
