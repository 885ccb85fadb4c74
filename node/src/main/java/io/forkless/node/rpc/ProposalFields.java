package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.governance.ProposalRecord;

/**
 * A proposal's own fields as JSON, the same in the RPC's proposal objects and the dashboard's: id,
 * proposer, title, description, version, code hash, migrations (name and code hash), state,
 * proposed and voting-end heights. Callers add their own views (tallies, countdowns) to the
 * returned object.
 */
public final class ProposalFields {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ProposalFields() {}

  /** A new object holding {@code r}'s own fields. */
  public static ObjectNode of(ProposalRecord r) {
    var p = r.proposal();
    ObjectNode out = F.objectNode();
    out.put("id", r.id())
        .put("proposer", p.proposer())
        .put("title", p.title())
        .put("description", p.description())
        .put("version", p.newVersion().toString())
        .put("codeHash", p.codeHash().toString());
    ArrayNode migrations = out.putArray("migrations");
    p.migrationPlan()
        .ifPresent(
            plan -> {
              for (String name : plan.plan().migrationNames()) {
                migrations
                    .addObject()
                    .put("name", name)
                    .put("codeHash", plan.pluginHashes().get(name).toString());
              }
            });
    return out.put("state", r.status().name())
        .put("proposedHeight", r.proposedHeight())
        .put("votingEndsHeight", r.votingEndsHeight());
  }
}
