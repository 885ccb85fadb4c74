package io.forkless.testplugins;

import org.pf4j.Extension;

/** Indexes every account and mints a copy of the last one: the invariants fail at the swap. */
@Extension
public final class IndexBreaksSupply extends SteppedIndexFailing {
  @Override
  public String name() {
    return "index_breaks_supply";
  }

  @Override
  protected boolean mintAtEnd() {
    return true;
  }
}
