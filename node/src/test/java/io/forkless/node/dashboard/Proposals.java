package io.forkless.node.dashboard;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.UpgradeProposal;
import java.util.Optional;
import java.util.OptionalLong;

/** Proposal records as governance stores them, for the journal and timeline tests. */
final class Proposals {

  static final HashCode CODE = HashCode.fromBytes(new byte[32]);

  private Proposals() {}

  /** Proposal {@code id} to 2.0.0, proposed at 10, voting until 30, activation delay 5. */
  static ProposalRecord record(
      long id, ProposalStatus status, OptionalLong activation, OptionalLong closed, String why) {
    return new ProposalRecord(
        new UpgradeProposal(
            id,
            "alice",
            "Balances 2.0.0",
            "",
            RuntimeVersion.of(2, 0, 0),
            CODE,
            Optional.empty(),
            5),
        status,
        10,
        30,
        70,
        0,
        activation,
        closed,
        why);
  }

  static ProposalRecord proposed(long id) {
    return record(id, ProposalStatus.PROPOSED, OptionalLong.empty(), OptionalLong.empty(), "");
  }

  static ProposalRecord scheduled(long id) {
    return record(id, ProposalStatus.SCHEDULED, OptionalLong.of(35), OptionalLong.empty(), "");
  }

  static ProposalRecord executed(long id) {
    return record(id, ProposalStatus.EXECUTED, OptionalLong.of(35), OptionalLong.of(35), "");
  }

  static ProposalRecord rolledBack(long id) {
    return record(
        id, ProposalStatus.ROLLED_BACK, OptionalLong.of(35), OptionalLong.of(41), "emergency");
  }
}
