package io.forkless.testplugins;

import org.pf4j.Extension;

/** Indexes every account, then its validation fails. */
@Extension
public final class IndexBadValidation extends SteppedIndexFailing {
  @Override
  public String name() {
    return "index_bad_validation";
  }

  @Override
  protected boolean failValidation() {
    return true;
  }
}
