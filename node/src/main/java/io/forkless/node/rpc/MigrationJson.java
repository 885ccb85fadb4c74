package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.upgrade.MigrationStatus;
import java.util.Optional;

/**
 * A running multi-block migration as JSON, the same object in the status RPC, {@code forkless
 * status --json} and the dashboard: {@code null} when none runs.
 *
 * <pre>
 * {"upgradeId", "from", "to", "activationHeight", "usersPaused", "migrations": [names],
 *  "migration", "migrationIndex", "keysDone", "keysEstimated", "blocksUsed", "largestStepKeys",
 *  "keysPerBlock", "phase" ("migrating", or "validating": the stepped validation after the
 *  last step, keysDone then counting keys read), "etaBlocks" (null when unknown), "etaSeconds"
 *  (null when unknown)}
 * </pre>
 */
public final class MigrationJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private MigrationJson() {}

  /**
   * @param msPerBlock the chain's block time, for the ETA in seconds
   */
  public static JsonNode of(Optional<MigrationStatus> status, long msPerBlock) {
    if (status.isEmpty()) {
      return F.nullNode();
    }
    MigrationStatus m = status.get();
    ObjectNode out = F.objectNode();
    out.put("upgradeId", m.upgradeId())
        .put("from", m.from().toString())
        .put("to", m.to().toString())
        .put("activationHeight", m.activationHeight())
        .put("usersPaused", m.usersPaused());
    m.migrations().forEach(out.putArray("migrations")::add);
    out.put("migration", m.migration())
        .put("migrationIndex", m.migrationIndex())
        .put("keysDone", m.keysDone())
        .put("keysEstimated", m.keysEstimated())
        .put("blocksUsed", m.blocksUsed())
        .put("largestStepKeys", m.largestStepKeys())
        .put("keysPerBlock", m.keysPerBlock())
        .put("phase", m.validating() ? "validating" : "migrating");
    if (m.etaBlocks().isPresent()) {
      out.put("etaBlocks", m.etaBlocks().getAsLong());
      out.put("etaSeconds", m.etaBlocks().getAsLong() * msPerBlock / 1000);
    } else {
      out.putNull("etaBlocks");
      out.putNull("etaSeconds");
    }
    return out;
  }

  /** One line for {@code forkless status}, from the JSON above. */
  public static String describe(JsonNode m) {
    StringBuilder b = new StringBuilder();
    b.append("upgrade #")
        .append(m.path("upgradeId").asText())
        .append(" to ")
        .append(m.path("to").asText())
        .append(": '")
        .append(m.path("migration").asText())
        .append("' ")
        .append(m.path("phase").asText().equals("validating") ? "validating, " : "")
        .append(m.path("keysDone").asText())
        .append(
            m.path("keysEstimated").asLong() > 0 ? " of " + m.path("keysEstimated").asText() : "")
        .append(" keys, ")
        .append(m.path("blocksUsed").asText())
        .append(" blocks since height ")
        .append(m.path("activationHeight").asText())
        .append(" at ")
        .append(m.path("keysPerBlock").asText())
        .append(" keys/block");
    if (m.hasNonNull("etaBlocks")) {
      b.append(", about ").append(m.path("etaBlocks").asText()).append(" blocks left");
    }
    b.append(m.path("usersPaused").asBoolean() ? "; user transactions wait" : "; users served by ")
        .append(m.path("usersPaused").asBoolean() ? "" : m.path("from").asText());
    return b.toString();
  }
}
