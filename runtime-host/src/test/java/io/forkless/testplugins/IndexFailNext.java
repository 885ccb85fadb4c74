package io.forkless.testplugins;

import org.pf4j.Extension;

/**
 * Throws at the 26th account: the block right after the activation (20 accounts a block at 40
 * keys).
 */
@Extension
public final class IndexFailNext extends SteppedIndexFailing {
  @Override
  public String name() {
    return "index_fail_next";
  }

  @Override
  protected int failAtKey() {
    return 25;
  }
}
