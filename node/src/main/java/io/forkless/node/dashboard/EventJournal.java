package io.forkless.node.dashboard;

import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.migration.MigrationEvent;
import io.forkless.node.dashboard.ChainEvent.Kind;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent events an operator sees on the dashboard and with {@code forkless events}: each
 * proposal's steps (proposed, scheduled, executed, failed, rejected, expired, cancelled, rolled
 * back), pauses and resumes, halts and recoveries, and warnings (a staged runtime's failed
 * warm-up).
 *
 * <p>Derived, never mirrored: every event comes from comparing one {@link Observation} of the chain
 * with the previous one. The first observation replays the proposals' history from their records
 * (heights included), so a restarted node shows the same proposal events; pauses and halts are
 * known from the moment the node observes them. Each step of a proposal is reported once, even when
 * a rollback briefly restores an earlier state of it. Keeps the last {@link #CAPACITY} events.
 *
 * <p>Thread-safe.
 */
public final class EventJournal {

  private static final Logger log = LoggerFactory.getLogger(EventJournal.class);

  /** Events kept; older ones drop off (the chain itself keeps the full history). */
  public static final int CAPACITY = 500;

  private final Clock clock;
  private final ArrayDeque<ChainEvent> events = new ArrayDeque<>();
  private final Map<Long, Set<Kind>> reported = new HashMap<>();
  private long nextSeq = 1;
  private boolean first = true;
  private Optional<String> paused = Optional.empty();
  private Optional<String> halted = Optional.empty();
  private List<String> warnings = List.of();

  public EventJournal(Clock clock) {
    this.clock = clock;
  }

  /** Appends the events that happened between the previous observation and {@code now}. */
  public synchronized void observe(Observation now) {
    long before = nextSeq;
    for (ProposalRecord r : now.proposals()) {
      Set<Kind> done = reported.computeIfAbsent(r.id(), id -> EnumSet.noneOf(Kind.class));
      for (Kind step : steps(r)) {
        if (done.add(step)) {
          append(
              now,
              heightOf(step, r, now.height()),
              step,
              OptionalLong.of(r.id()),
              message(step, r));
        }
      }
    }
    if (!now.paused().equals(paused)) {
      paused = now.paused();
      append(
          now,
          now.height(),
          paused.isPresent() ? Kind.PAUSED : Kind.RESUMED,
          OptionalLong.empty(),
          paused
              .map(why -> "chain paused at height " + now.height() + ": " + why)
              .orElse("chain resumed at height " + now.height()));
    }
    if (!now.halted().equals(halted)) {
      halted = now.halted();
      append(
          now,
          now.height(),
          halted.isPresent() ? Kind.HALTED : Kind.RECOVERED,
          OptionalLong.empty(),
          halted
              .map(why -> "block production HALTED after height " + now.height() + ": " + why)
              .orElse("block production recovered at height " + now.height()));
    }
    for (String warning : now.warnings()) {
      if (!warnings.contains(warning)) {
        append(now, now.height(), Kind.WARNING, OptionalLong.empty(), warning);
      }
    }
    warnings = now.warnings();
    if (first && nextSeq > before) {
      log.info(
          "{} past events read from the chain's proposals (forkless events lists them)",
          nextSeq - before);
    }
    first = false;
  }

  /** The events after sequence number {@code seq}, oldest first (all kept ones for 0). */
  public synchronized List<ChainEvent> since(long seq) {
    List<ChainEvent> out = new ArrayList<>();
    for (ChainEvent e : events) {
      if (e.seq() > seq) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /** The last {@code n} events, newest first. */
  public synchronized List<ChainEvent> recent(int n) {
    List<ChainEvent> out = new ArrayList<>();
    var it = events.descendingIterator();
    while (it.hasNext() && out.size() < n) {
      out.add(it.next());
    }
    return List.copyOf(out);
  }

  /** The sequence number of the newest event, 0 before any. */
  public synchronized long lastSeq() {
    return nextSeq - 1;
  }

  /** The steps a proposal in this record has gone through, in order. */
  private static List<Kind> steps(ProposalRecord r) {
    List<Kind> out = new ArrayList<>();
    out.add(Kind.PROPOSED);
    ProposalStatus s = r.status();
    if (r.activationHeight().isPresent()) {
      out.add(Kind.SCHEDULED);
    }
    if (s == ProposalStatus.ROLLED_BACK && r.activationHeight().isPresent()) {
      out.add(Kind.EXECUTED);
    }
    if (s != ProposalStatus.PROPOSED && s != ProposalStatus.SCHEDULED) {
      out.add(Kind.valueOf(s.name()));
    }
    return out;
  }

  private static long heightOf(Kind step, ProposalRecord r, long head) {
    switch (step) {
      case PROPOSED:
        return r.proposedHeight();
      case SCHEDULED:
        return r.activationHeight().getAsLong() - Math.max(1, r.proposal().activationDelay());
      case EXECUTED:
        return r.activationHeight().getAsLong();
      default:
        return r.closedHeight().orElse(head);
    }
  }

  private static String message(Kind step, ProposalRecord r) {
    var p = r.proposal();
    String name = "proposal #" + r.id() + " (" + p.newVersion() + ")";
    String tally = "yes " + r.yesStake() + ", no " + r.noStake() + " stake";
    switch (step) {
      case PROPOSED:
        return name
            + " proposed by "
            + p.proposer()
            + ": \""
            + p.title()
            + "\", code hash "
            + Hashes.short12(p.codeHash())
            + ", voting until height "
            + r.votingEndsHeight();
      case SCHEDULED:
        return name
            + " approved ("
            + tally
            + "): activates at height "
            + r.activationHeight().getAsLong();
      case EXECUTED:
        return name
            + " executed: runtime "
            + p.newVersion()
            + " (code hash "
            + Hashes.short12(p.codeHash())
            + ") active from height "
            + r.activationHeight().getAsLong();
      case REJECTED:
      case EXPIRED:
        return name + " " + step.label() + " (" + tally + ")" + reason(r);
      default:
        return name + " " + step.label() + reason(r);
    }
  }

  private static String reason(ProposalRecord r) {
    String why = r.reason();
    // Governance records some closings with their own name as the reason ("rolled back").
    return why.isEmpty() || why.equalsIgnoreCase(r.status().name().replace('_', ' '))
        ? ""
        : ": " + why;
  }

  /**
   * A multi-block migration's event, as the upgrade coordinator publishes it (on the block thread,
   * once the block's share ran). Mirrored, unlike the rest: a restarted node's journal has the
   * steps from its restart on. The steps of a migration are coalesced: the journal keeps its latest
   * step only, so a migration of thousands of blocks does not push the proposals' history out.
   */
  public synchronized void migration(MigrationEvent event) {
    String upgrade = "upgrade " + event.upgradeId() + ": migration '" + event.migration() + "'";
    Kind kind;
    String msg;
    if (event instanceof MigrationEvent.Started) {
      kind = Kind.MIGRATION_STARTED;
      msg = upgrade + " started at height " + event.height();
    } else if (event instanceof MigrationEvent.Stepped s) {
      kind = Kind.MIGRATION_STEP;
      events.removeIf(
          e ->
              e.kind() == Kind.MIGRATION_STEP
                  && e.proposalId().equals(OptionalLong.of(s.upgradeId())));
      msg =
          upgrade
              + " stepped at height "
              + s.height()
              + ": "
              + s.keysThisBlock()
              + " keys this block, "
              + s.at().keysDone()
              + (s.at().keysEstimated() > 0 ? " of " + s.at().keysEstimated() : "")
              + " keys in "
              + s.at().blocksUsed()
              + " blocks";
    } else if (event instanceof MigrationEvent.Completed c) {
      kind = Kind.MIGRATION_COMPLETED;
      msg =
          upgrade
              + " completed at height "
              + c.height()
              + ": "
              + c.keysWritten()
              + " keys written in "
              + c.blocks()
              + " blocks";
    } else if (event instanceof MigrationEvent.Validated v) {
      kind = Kind.MIGRATION_VALIDATED;
      msg =
          upgrade
              + " validated at height "
              + v.height()
              + ": "
              + v.keysRead()
              + " keys read in "
              + v.blocks()
              + " blocks";
    } else {
      MigrationEvent.Failed f = (MigrationEvent.Failed) event;
      kind = Kind.MIGRATION_FAILED;
      msg = upgrade + " FAILED at height " + f.height() + ": " + f.reason();
    }
    appendAt(event.height(), clock.millis(), kind, OptionalLong.of(event.upgradeId()), msg);
  }

  private void append(Observation now, long height, Kind kind, OptionalLong proposal, String msg) {
    appendAt(height, now.blockTime().apply(height).orElse(clock.millis()), kind, proposal, msg);
  }

  private void appendAt(long height, long time, Kind kind, OptionalLong proposal, String msg) {
    ChainEvent e = new ChainEvent(nextSeq++, height, time, kind, proposal, msg);
    events.addLast(e);
    if (events.size() > CAPACITY) {
      events.removeFirst();
    }
    if (first || kind == Kind.MIGRATION_STEP) {
      log.debug("past event at height {}: {}", height, msg); // history, not news: one summary line
    } else {
      log.info("event at height {}: {}", height, msg);
    }
  }
}
