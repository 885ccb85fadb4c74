package io.forkless.node.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.governance.Governance;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.Threshold;
import io.forkless.node.rpc.ProposalFields;
import java.math.BigInteger;

/**
 * A proposal as the dashboard shows it: what it proposes, its tally against the quorum and approval
 * thresholds (as stakes, computed exactly), and its countdowns in blocks and estimated seconds.
 */
final class ProposalView {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ProposalView() {}

  /**
   * @param head the head height the countdowns count from
   * @param msPerBlock the block time the estimates use (the measured one when there is one)
   */
  static ObjectNode toJson(ProposalRecord r, Governance governance, long head, long msPerBlock) {
    ObjectNode out = ProposalFields.of(r).put("activationDelay", r.proposal().activationDelay());
    putOptional(out, "activationHeight", r.activationHeight());
    putOptional(out, "closedHeight", r.closedHeight());
    out.put("reason", r.reason());
    out.set("tally", tally(r, governance));
    out.set(
        "votingCountdown",
        r.status() == ProposalStatus.PROPOSED
            ? countdown(r.votingEndsHeight() - head, msPerBlock)
            : F.nullNode());
    out.set(
        "activationCountdown",
        r.status() == ProposalStatus.SCHEDULED && r.activationHeight().isPresent()
            ? countdown(r.activationHeight().getAsLong() - head, msPerBlock)
            : F.nullNode());
    // Stake of the validators that pre-checked the code, once code-on-chain exists.
    out.putNull("precheck");
    return out;
  }

  private static ObjectNode tally(ProposalRecord r, Governance governance) {
    long total = governance.validators().totalStake();
    long participating = r.participatingStake();
    Threshold quorum = governance.config().quorumThreshold();
    Threshold approval = governance.config().approvalThreshold();
    ObjectNode t = F.objectNode();
    t.put("yesStake", r.yesStake())
        .put("noStake", r.noStake())
        .put("participatingStake", participating)
        .put("totalStake", total)
        .put("quorum", quorum.toString())
        .put("approval", approval.toString())
        .put("quorumStake", atLeast(quorum, total))
        .put("approvalStake", atLeast(approval, participating))
        .put("quorumMet", participating > 0 && quorum.isMetBy(participating, total))
        .put("approvalMet", participating > 0 && approval.isMetBy(r.yesStake(), participating))
        .put("passing", governance.meetsThresholds(r.yesStake(), r.noStake()));
    return t;
  }

  /** The least stake {@code s} with {@code s >= threshold × whole}. */
  static long atLeast(Threshold threshold, long whole) {
    BigInteger[] qr =
        BigInteger.valueOf(whole)
            .multiply(threshold.numerator())
            .divideAndRemainder(threshold.denominator());
    return qr[0].add(qr[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO).longValueExact();
  }

  private static ObjectNode countdown(long blocks, long msPerBlock) {
    long left = Math.max(0, blocks);
    return F.objectNode()
        .put("blocks", left)
        .put("etaSeconds", Math.round(left * msPerBlock / 1000.0))
        .put("msPerBlock", msPerBlock);
  }

  private static void putOptional(ObjectNode out, String field, java.util.OptionalLong value) {
    if (value.isPresent()) {
      out.put(field, value.getAsLong());
    } else {
      out.putNull(field);
    }
  }
}
