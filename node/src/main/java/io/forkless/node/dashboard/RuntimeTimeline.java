package io.forkless.node.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Every runtime the chain has run or tried to run, oldest first: the genesis runtime, then each
 * governed upgrade that reached its activation height (executed, failed, or executed and later
 * rolled back), read from the proposals' records on chain. Exactly one entry is active: the newest
 * executed one that was not rolled back, or genesis.
 */
public final class RuntimeTimeline {

  /** One runtime in the timeline. */
  public record Entry(
      RuntimeVersion version,
      HashCode codeHash,
      long fromHeight,
      String outcome,
      OptionalLong proposalId,
      boolean active,
      String detail) {}

  private RuntimeTimeline() {}

  /**
   * The timeline.
   *
   * @param genesisVersion and {@code genesisCodeHash}: the runtime of block 0's header
   */
  public static List<Entry> of(
      RuntimeVersion genesisVersion, HashCode genesisCodeHash, List<ProposalRecord> proposals) {
    List<ProposalRecord> reached = new ArrayList<>();
    for (ProposalRecord r : proposals) {
      ProposalStatus s = r.status();
      if (r.activationHeight().isPresent()
          && (s == ProposalStatus.EXECUTED
              || s == ProposalStatus.FAILED
              || s == ProposalStatus.ROLLED_BACK)) {
        reached.add(r);
      }
    }
    reached.sort(
        Comparator.comparingLong((ProposalRecord r) -> r.activationHeight().getAsLong())
            .thenComparingLong(ProposalRecord::id));
    long activeId = -1;
    for (ProposalRecord r : reached) {
      if (r.status() == ProposalStatus.EXECUTED) {
        activeId = r.id();
      }
    }
    List<Entry> out = new ArrayList<>();
    out.add(
        new Entry(
            genesisVersion, genesisCodeHash, 0, "genesis", OptionalLong.empty(), activeId < 0, ""));
    for (ProposalRecord r : reached) {
      out.add(
          new Entry(
              r.proposal().newVersion(),
              r.proposal().codeHash(),
              r.activationHeight().getAsLong(),
              r.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              OptionalLong.of(r.id()),
              r.id() == activeId,
              r.reason()));
    }
    return List.copyOf(out);
  }

  /** The JSON array of docs/rpc.md's {@code timeline}. */
  public static ArrayNode toJson(List<Entry> entries) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Entry e : entries) {
      ObjectNode o =
          out.addObject()
              .put("version", e.version().toString())
              .put("codeHash", e.codeHash().toString())
              .put("fromHeight", e.fromHeight())
              .put("outcome", e.outcome());
      if (e.proposalId().isPresent()) {
        o.put("proposalId", e.proposalId().getAsLong());
      } else {
        o.putNull("proposalId");
      }
      o.put("active", e.active()).put("detail", e.detail());
    }
    return out;
  }
}
