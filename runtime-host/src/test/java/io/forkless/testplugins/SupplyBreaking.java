package io.forkless.testplugins;

import org.pf4j.Extension;

/** Migrates, but mints 1000 coins into the first account; its own validate does not notice. */
@Extension
public final class SupplyBreaking extends Layout2Rewrite {
  @Override
  public String name() {
    return "supply_breaking";
  }

  @Override
  protected int failAt(int total) {
    return -1;
  }

  @Override
  protected long mint() {
    return 1000;
  }
}
