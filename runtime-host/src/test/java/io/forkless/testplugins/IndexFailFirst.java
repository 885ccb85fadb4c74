package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws at the first account (the activation block's step). */
@Extension
public final class IndexFailFirst extends SteppedIndexFailing {
  @Override
  public String name() {
    return "index_fail_first";
  }

  @Override
  protected int failAtKey() {
    return 0;
  }
}
