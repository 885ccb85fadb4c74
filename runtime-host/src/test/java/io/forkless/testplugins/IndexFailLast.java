package io.forkless.testplugins;

import org.pf4j.Extension;

/** Throws in the step that reaches the last account (the last block). */
@Extension
public final class IndexFailLast extends SteppedIndexFailing {
  @Override
  public String name() {
    return "index_fail_last";
  }

  @Override
  protected boolean failAtEnd() {
    return true;
  }
}
