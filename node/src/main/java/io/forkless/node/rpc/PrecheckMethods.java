package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.api.StateView;
import io.forkless.host.ForklessHost;
import io.forkless.host.code.Attestations;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.Validator;
import io.forkless.host.upgrade.Prechecker;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * {@code forkless_precheck}: this node's verdict on the open proposal's code, checked exactly as at
 * activation (its trust store, the determinism verifier, the version rules, the plan's migrations),
 * with what a validator needs to sign its own attestation or refusal ({@code forkless attest}): the
 * chain id, the proposal and code hash, the height, each validator's public key and the verdicts
 * already on chain. Changes nothing on chain; the check runs once per proposal and is remembered.
 *
 * <p>Params (both optional; each must name the open proposal): {@code proposal} (id), {@code hash}
 * (its runtime code hash).
 */
public final class PrecheckMethods {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PrecheckMethods() {}

  static JsonNode precheck(ForklessHost host, JsonNode params) {
    StateView state = host.chain().state();
    long height = host.chain().head().height();
    java.util.Optional<ProposalRecord> open = host.governance().openProposal(state);
    if (open.isEmpty()) {
      throw new RpcException(
          RpcException.NOT_FOUND, "no open proposal: there is no upgrade code to pre-check");
    }
    ProposalRecord p = open.get();
    JsonNode id = params.path("proposal");
    if (!id.isMissingNode() && !id.isNull()) {
      if (!id.isIntegralNumber() || !id.canConvertToLong()) {
        throw new RpcException(
            RpcException.INVALID_PARAMS, "params.proposal must be a proposal id but was " + id);
      }
      if (id.longValue() != p.id()) {
        throw new RpcException(
            RpcException.NOT_FOUND,
            "proposal "
                + id.longValue()
                + " is not open (the open proposal is "
                + p.id()
                + "): only the open proposal's code takes pre-check verdicts");
      }
    }
    JsonNode hash = params.path("hash");
    if (!hash.isMissingNode() && !hash.isNull()) {
      String h = hash.asText("").toLowerCase(Locale.ROOT);
      if (!h.equals(p.proposal().codeHash().toString())) {
        throw new RpcException(
            RpcException.NOT_FOUND,
            "code "
                + hash.asText()
                + " is not the open proposal's runtime (proposal "
                + p.id()
                + " names "
                + p.proposal().codeHash()
                + ")");
      }
    }
    Prechecker.Verdict verdict;
    try {
      verdict = host.prechecker().check(state, height);
    } catch (IllegalStateException e) {
      throw new RpcException(RpcException.REFUSED, e.getMessage(), e);
    }
    ObjectNode out = F.objectNode();
    out.put("chainId", host.chain().chainId())
        .put("height", height)
        .put("proposal", p.id())
        .put("version", p.proposal().newVersion().toString())
        .put("codeHash", p.proposal().codeHash().toString())
        .put("status", p.status().name())
        .put("required", host.codeStore().parameters(state).precheckRequired())
        .put("accepted", verdict.accepted());
    if (verdict.accepted()) {
      out.putNull("reason");
    } else {
      out.put("reason", verdict.refusal().orElseThrow());
    }
    Map<String, Attestations.Verdict> filed = new HashMap<>();
    for (Attestations.Verdict v :
        new Attestations(host.codeStore())
            .tally(state, p.id(), host.governance().validators())
            .verdicts()) {
      filed.put(v.validator(), v);
    }
    ArrayNode validators = out.putArray("validators");
    for (Validator v : host.governance().validators().all().values()) {
      ObjectNode o =
          validators
              .addObject()
              .put("name", v.name())
              .put("stake", v.stake())
              .put("publicKey", HexFormat.of().formatHex(Ed25519.rawPublicKey(v.publicKey())));
      Attestations.Verdict f = filed.get(v.name());
      if (f == null) {
        o.putNull("verdict");
      } else {
        o.putObject("verdict")
            .put("accepted", f.accepted())
            .put("reason", f.reason())
            .put("height", f.height());
      }
    }
    return out;
  }
}
