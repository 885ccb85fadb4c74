package io.forkless.host.upgrade;

import java.util.EnumSet;
import java.util.Set;

/** The coordinator's view of one upgrade's lifecycle; transitions are checked. */
public enum UpgradeStatus {
  SCHEDULED,
  EXECUTED,
  FAILED,
  CANCELLED,
  ROLLED_BACK;

  private Set<UpgradeStatus> successors() {
    switch (this) {
      case SCHEDULED:
        return EnumSet.of(EXECUTED, FAILED, CANCELLED);
      case EXECUTED:
        return EnumSet.of(ROLLED_BACK);
      default:
        return EnumSet.noneOf(UpgradeStatus.class);
    }
  }

  /**
   * @throws IllegalStateException "an upgrade moving to X should be in one of [..] but it was Y"
   */
  public UpgradeStatus checkTransitionTo(UpgradeStatus next) {
    if (!successors().contains(next)) {
      Set<UpgradeStatus> from = EnumSet.noneOf(UpgradeStatus.class);
      for (UpgradeStatus s : values()) {
        if (s.successors().contains(next)) {
          from.add(s);
        }
      }
      throw new IllegalStateException(
          "an upgrade moving to " + next + " should be in one of " + from + " but it was " + this);
    }
    return next;
  }
}
