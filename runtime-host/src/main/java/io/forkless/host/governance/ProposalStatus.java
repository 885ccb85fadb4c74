package io.forkless.host.governance;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an upgrade proposal is in its lifecycle (ARCHITECTURE.md): {@code PROPOSED → SCHEDULED →
 * EXECUTED → ROLLED_BACK}, with the exits {@code REJECTED}, {@code EXPIRED}, {@code CANCELLED} and
 * {@code FAILED}. Approval schedules the upgrade at once, so "approved" and "scheduled" are one
 * state.
 */
public enum ProposalStatus {
  PROPOSED(0),
  SCHEDULED(1),
  EXECUTED(2),
  FAILED(3),
  REJECTED(4),
  EXPIRED(5),
  CANCELLED(6),
  ROLLED_BACK(7);

  private final int wireCode;

  ProposalStatus(int wireCode) {
    this.wireCode = wireCode;
  }

  /** The byte that stands for this status in stored proposal records (fixed forever). */
  public int wireCode() {
    return wireCode;
  }

  /**
   * @throws IllegalArgumentException for a code no status has
   */
  public static ProposalStatus fromWireCode(int code) {
    for (ProposalStatus s : values()) {
      if (s.wireCode == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown proposal status " + code);
  }

  /** True while the proposal blocks another: it is still proposed or scheduled. */
  public boolean isOpen() {
    return this == PROPOSED || this == SCHEDULED;
  }

  private Set<ProposalStatus> successors() {
    switch (this) {
      case PROPOSED:
        return EnumSet.of(SCHEDULED, REJECTED, EXPIRED, CANCELLED);
      case SCHEDULED:
        return EnumSet.of(EXECUTED, FAILED, CANCELLED);
      case EXECUTED:
        return EnumSet.of(ROLLED_BACK);
      default:
        return EnumSet.noneOf(ProposalStatus.class);
    }
  }

  /**
   * @throws IllegalStateException "expected one of [..] but was X" when {@code next} cannot follow
   */
  public ProposalStatus checkTransitionTo(ProposalStatus next) {
    if (!successors().contains(next)) {
      throw new IllegalStateException(
          "a proposal moving to "
              + next
              + " should be in one of "
              + predecessorsOf(next)
              + " but it was "
              + this);
    }
    return next;
  }

  private static Set<ProposalStatus> predecessorsOf(ProposalStatus next) {
    Set<ProposalStatus> result = EnumSet.noneOf(ProposalStatus.class);
    for (ProposalStatus s : values()) {
      if (s.successors().contains(next)) {
        result.add(s);
      }
    }
    return result;
  }
}
