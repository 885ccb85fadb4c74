package io.forkless.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.node.dashboard.ChainEvent.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventJournalTest {

  private final EventJournal journal =
      new EventJournal(Clock.fixed(Instant.ofEpochMilli(999), ZoneOffset.UTC));

  private static Observation at(long height, List<ProposalRecord> proposals) {
    return at(height, proposals, Optional.empty(), Optional.empty());
  }

  private static Observation at(
      long height,
      List<ProposalRecord> proposals,
      Optional<String> paused,
      Optional<String> halted) {
    // Block h has timestamp 1000·h; blocks above 40 are gone (rolled back).
    return new Observation(
        height,
        proposals,
        paused,
        halted,
        h -> h <= 40 ? OptionalLong.of(1000 * h) : OptionalLong.empty());
  }

  private List<Kind> kinds() {
    return journal.since(0).stream().map(ChainEvent::kind).toList();
  }

  @Test
  void followsAProposalThroughItsStepsAtTheirHeights() {
    journal.observe(at(12, List.of(Proposals.proposed(1))));
    journal.observe(at(31, List.of(Proposals.scheduled(1))));
    journal.observe(at(36, List.of(Proposals.executed(1))));

    List<ChainEvent> events = journal.since(0);
    assertThat(kinds()).containsExactly(Kind.PROPOSED, Kind.SCHEDULED, Kind.EXECUTED);
    assertThat(events).extracting(ChainEvent::height).containsExactly(10L, 30L, 35L);
    assertThat(events).extracting(ChainEvent::seq).containsExactly(1L, 2L, 3L);
    assertThat(events.get(0).timeMillis()).isEqualTo(10_000);
    assertThat(events.get(0).proposalId()).hasValue(1);
    assertThat(events.get(1).message())
        .isEqualTo("proposal #1 (2.0.0) approved (yes 70, no 0 stake): activates at height 35");
    assertThat(events.get(2).message()).contains("runtime 2.0.0", "active from height 35");
  }

  @Test
  void aRestartedNodeReplaysTheHistoryFromTheRecordsOnce() {
    journal.observe(at(50, List.of(Proposals.rolledBack(1))));
    journal.observe(at(51, List.of(Proposals.rolledBack(1))));

    assertThat(kinds())
        .containsExactly(Kind.PROPOSED, Kind.SCHEDULED, Kind.EXECUTED, Kind.ROLLED_BACK);
    ChainEvent rollback = journal.since(0).get(3);
    assertThat(rollback.height()).isEqualTo(41);
    assertThat(rollback.timeMillis()).as("block 41 is gone: observation time").isEqualTo(999);
    assertThat(rollback.message()).isEqualTo("proposal #1 (2.0.0) rolled back: emergency");
  }

  @Test
  void aRollbackThatBrieflyRestoresTheScheduledRecordReportsEachStepOnce() {
    journal.observe(at(36, List.of(Proposals.executed(1))));
    journal.observe(at(34, List.of(Proposals.scheduled(1)))); // snapshot restored
    journal.observe(at(35, List.of(Proposals.rolledBack(1))));

    assertThat(kinds())
        .containsExactly(Kind.PROPOSED, Kind.SCHEDULED, Kind.EXECUTED, Kind.ROLLED_BACK);
  }

  @Test
  void pausesResumesHaltsAndRecoveriesAreReportedWhenTheyChange() {
    journal.observe(at(5, List.of()));
    journal.observe(at(6, List.of(), Optional.of("paused by the operator"), Optional.empty()));
    journal.observe(at(6, List.of(), Optional.of("paused by the operator"), Optional.empty()));
    journal.observe(at(7, List.of()));
    journal.observe(at(8, List.of(), Optional.empty(), Optional.of("JAR abc missing")));
    journal.observe(at(9, List.of()));

    assertThat(kinds()).containsExactly(Kind.PAUSED, Kind.RESUMED, Kind.HALTED, Kind.RECOVERED);
    assertThat(journal.since(0).get(0).message())
        .isEqualTo("chain paused at height 6: paused by the operator");
    assertThat(journal.since(0).get(2).message()).contains("HALTED", "JAR abc missing");
  }

  @Test
  void sinceAndRecentPage() {
    journal.observe(at(40, List.of(Proposals.executed(1), Proposals.proposed(2))));

    assertThat(journal.lastSeq()).isEqualTo(4);
    assertThat(journal.since(2)).extracting(ChainEvent::seq).containsExactly(3L, 4L);
    assertThat(journal.since(4)).isEmpty();
    assertThat(journal.recent(2)).extracting(ChainEvent::seq).containsExactly(4L, 3L);
  }

  @Test
  void everyProposalStateHasTheEventKindOfItsName() {
    for (ProposalStatus s : ProposalStatus.values()) {
      assertThat(Kind.valueOf(s.name()).label())
          .isEqualTo(s.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
  }

  @Test
  void keepsOnlyTheNewestEvents() {
    for (int i = 0; i < EventJournal.CAPACITY + 10; i++) {
      journal.observe(at(i, List.of(), Optional.of("p"), Optional.empty()));
      journal.observe(at(i, List.of()));
    }
    assertThat(journal.since(0)).hasSize(EventJournal.CAPACITY);
    assertThat(journal.since(0).get(0).seq())
        .isEqualTo(2L * (EventJournal.CAPACITY + 10) - EventJournal.CAPACITY + 1);
  }

  @Test
  void aMultiBlockMigrationShowsItsStartItsLatestStepAndItsEnd() {
    journal.migration(
        new io.forkless.host.migration.MigrationEvent.Started(4, "add_staking_stepped", 10));
    for (long h = 10; h < 14; h++) {
      journal.migration(
          new io.forkless.host.migration.MigrationEvent.Stepped(
              4,
              "add_staking_stepped",
              h,
              5_000,
              new io.forkless.host.migration.MigrationCursor(
                  4,
                  0,
                  Optional.of(new byte[] {1}),
                  (h - 9) * 2_500,
                  10_000,
                  h - 9,
                  h - 9,
                  5_000)));
    }
    journal.migration(
        new io.forkless.host.migration.MigrationEvent.Completed(
            4, "add_staking_stepped", 14, 10_000, 5));
    journal.migration(
        new io.forkless.host.migration.MigrationEvent.Failed(
            4, "add_staking_stepped", 15, "validation failed: balance changed"));

    List<ChainEvent> all = journal.since(0);
    assertThat(all)
        .extracting(ChainEvent::kind)
        .containsExactly(
            Kind.MIGRATION_STARTED,
            Kind.MIGRATION_STEP,
            Kind.MIGRATION_COMPLETED,
            Kind.MIGRATION_FAILED);
    assertThat(all.get(1).height()).as("only the latest step is kept").isEqualTo(13);
    assertThat(all.get(1).message())
        .isEqualTo(
            "upgrade 4: migration 'add_staking_stepped' stepped at height 13: 5000 keys this"
                + " block, 10000 of 10000 keys in 4 blocks");
    assertThat(all.get(3).message()).contains("FAILED at height 15: validation failed");
    assertThat(all).allSatisfy(e -> assertThat(e.proposalId()).hasValue(4));
    assertThat(journal.lastSeq()).isEqualTo(7);
  }
}
