package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws at the 301st account (a middle block's step). */
@Extension
public final class IndexFailMiddle extends SteppedIndexFailing {
  @Override
  public String name() {
    return "index_fail_middle";
  }

  @Override
  protected int failAtKey() {
    return 300;
  }
}
