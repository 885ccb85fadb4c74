package io.forkless.node.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One entry of the event journal: something an operator wants to know happened, at a height.
 *
 * @param seq the journal's sequence number (1, 2, …), for {@code forkless_events {since}}
 * @param height the block height the event belongs to
 * @param timeMillis that block's timestamp (or the observation time when the block is gone)
 * @param kind what happened
 * @param proposalId the governance proposal it is about, if any
 * @param message one line in operator terms (versions, hashes, heights, proposal ids)
 */
public record ChainEvent(
    long seq, long height, long timeMillis, Kind kind, OptionalLong proposalId, String message) {

  /** What happened. The proposal kinds mirror the proposal states of the same name. */
  public enum Kind {
    PROPOSED,
    SCHEDULED,
    EXECUTED,
    FAILED,
    REJECTED,
    EXPIRED,
    CANCELLED,
    ROLLED_BACK,
    PAUSED,
    RESUMED,
    HALTED,
    RECOVERED,
    WARNING,
    /** A multi-block migration (issue #16): its first step, its latest step, its end. */
    MIGRATION_STARTED,
    MIGRATION_STEP,
    MIGRATION_COMPLETED,
    MIGRATION_VALIDATED,
    MIGRATION_FAILED;

    /** Lower case with spaces, as shown to operators ("rolled back"). */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** The JSON of docs/rpc.md's event object. */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("seq", seq).put("height", height).put("timeMillis", timeMillis);
    out.put("kind", kind.name());
    if (proposalId.isPresent()) {
      out.put("proposalId", proposalId.getAsLong());
    } else {
      out.putNull("proposalId");
    }
    return out.put("message", message);
  }
}
