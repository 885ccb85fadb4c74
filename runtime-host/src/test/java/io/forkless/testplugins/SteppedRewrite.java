package io.forkless.testplugins;

import org.pf4j.Extension;

/** Rewrites every account, a budget at a time. */
@Extension
public final class SteppedRewrite extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_ok";
  }
}
