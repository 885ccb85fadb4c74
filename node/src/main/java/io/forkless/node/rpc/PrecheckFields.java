package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import io.forkless.api.StateView;
import io.forkless.host.ForklessHost;
import io.forkless.host.code.Attestations;
import io.forkless.host.code.CodeStore;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.upgrade.CodeInBlocks;
import java.util.Optional;

/**
 * A proposal's pre-check as JSON (issue #14), the same in the RPC's proposal objects and the
 * dashboard's {@code precheck}: attested and refused stake, each verdict, and how much of each code
 * hash the proposal names is on chain.
 */
public final class PrecheckFields {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PrecheckFields() {}

  public static ObjectNode of(ForklessHost host, StateView state, ProposalRecord r) {
    CodeStore code = host.codeStore();
    Attestations.Tally t =
        new Attestations(code).tally(state, r.id(), host.governance().validators());
    ObjectNode out = F.objectNode();
    out.put("required", code.parameters(state).precheckRequired())
        .put("stake", t.attestedStake())
        .put("refusedStake", t.refusedStake())
        .put("totalStake", t.totalStake())
        .put("approvalThreshold", host.governance().config().approvalThreshold().toString());
    ArrayNode verdicts = out.putArray("verdicts");
    for (Attestations.Verdict v : t.verdicts()) {
      verdicts
          .addObject()
          .put("validator", v.validator())
          .put("stake", v.stake())
          .put("accepted", v.accepted())
          .put("reason", v.reason())
          .put("height", v.height());
    }
    ArrayNode codes = out.putArray("code");
    for (HashCode h : CodeInBlocks.named(Optional.of(r))) {
      CodeStore.Status s = code.status(state, h);
      ObjectNode c = codes.addObject().put("codeHash", h.toString()).put("received", s.received());
      c.put("complete", s.complete());
      if (s.entry().isPresent()) {
        c.put("size", s.entry().get().declaredSize());
      } else {
        c.putNull("size");
      }
    }
    return out;
  }
}
