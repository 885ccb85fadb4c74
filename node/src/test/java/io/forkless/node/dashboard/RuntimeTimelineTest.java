package io.forkless.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.Threshold;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RuntimeTimelineTest {

  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);

  @Test
  void genesisAloneIsActive() {
    List<RuntimeTimeline.Entry> t =
        RuntimeTimeline.of(
            V1, Proposals.CODE, List.of(Proposals.proposed(1), Proposals.scheduled(2)));

    assertThat(t)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo("genesis");
              assertThat(e.active()).isTrue();
              assertThat(e.fromHeight()).isZero();
            });
  }

  @Test
  void theNewestExecutedUpgradeIsActiveAndRolledBackOrFailedOnesStayInTheHistory() {
    var failed =
        Proposals.record(
            3, ProposalStatus.FAILED, OptionalLong.of(60), OptionalLong.of(60), "migration threw");
    List<RuntimeTimeline.Entry> t =
        RuntimeTimeline.of(
            V1, Proposals.CODE, List.of(Proposals.rolledBack(1), failed, Proposals.executed(2)));

    assertThat(t)
        .extracting(RuntimeTimeline.Entry::outcome)
        .containsExactly("genesis", "rolled back", "executed", "failed");
    assertThat(t)
        .extracting(RuntimeTimeline.Entry::active)
        .containsExactly(false, false, true, false);
    assertThat(t.get(3).detail()).isEqualTo("migration threw");
    assertThat(RuntimeTimeline.toJson(t).get(1).get("proposalId").asLong()).isEqualTo(1);
  }

  @Test
  void afterARollbackGenesisIsActiveAgain() {
    List<RuntimeTimeline.Entry> t =
        RuntimeTimeline.of(V1, Proposals.CODE, List.of(Proposals.rolledBack(1)));

    assertThat(t.get(0).active()).isTrue();
    assertThat(t.get(1).active()).isFalse();
  }

  @Test
  void thresholdStakesAreTheLeastStakeThatMeetsThemExactly() {
    assertThat(ProposalView.atLeast(Threshold.parse("0.334"), 100)).isEqualTo(34);
    assertThat(ProposalView.atLeast(Threshold.parse("0.667"), 70)).isEqualTo(47);
    assertThat(ProposalView.atLeast(Threshold.ofFraction(2, 3), 3)).isEqualTo(2);
    assertThat(ProposalView.atLeast(Threshold.ofFraction(2, 3), 0)).isZero();
    assertThat(Threshold.parse("0.667").isMetBy(47, 70)).isTrue();
    assertThat(Threshold.parse("0.667").isMetBy(46, 70)).isFalse();
  }
}
