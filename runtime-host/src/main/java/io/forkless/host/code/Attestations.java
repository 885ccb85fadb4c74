package io.forkless.host.code;

import com.google.common.hash.HashCode;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.codec.Codec;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pre-check verdicts in chain state and the rule that gates an activation on them.
 *
 * <pre>
 * 0x00 "code/att/" proposal id(8) validator   format (1), accepted (1), reason (string), height (8)
 * 0x00 "code/post/" proposal id(8)            how often the activation was postponed (8)
 * </pre>
 *
 * A verdict is accepted only for the open proposal's runtime code hash, from a validator whose
 * signature verifies, once all the proposal's code is complete on chain, and once per validator
 * (final, like votes). Stateless; thread-safe.
 */
public final class Attestations {

  private static final byte[] VERDICTS = key("att/");
  private static final byte[] POSTPONED = key("post/");
  private static final int FORMAT = 1;
  private static final int MAX_CAUSE = 1000;

  private final CodeStore code;

  public Attestations(CodeStore code) {
    this.code = code;
  }

  private static byte[] key(String name) {
    byte[] text = ("code/" + name).getBytes(StandardCharsets.US_ASCII);
    byte[] k = new byte[text.length + 1];
    System.arraycopy(text, 0, k, 1, text.length);
    return k;
  }

  private static byte[] proposalPrefix(long proposalId) {
    return CodeRecords.concat(VERDICTS, new Codec.Writer().i64(proposalId).toByteArray());
  }

  static byte[] verdictKey(long proposalId, String validator) {
    return CodeRecords.concat(
        proposalPrefix(proposalId), validator.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] postponedKey(long proposalId) {
    return CodeRecords.concat(POSTPONED, new Codec.Writer().i64(proposalId).toByteArray());
  }

  /** One validator's verdict as recorded. */
  public record Verdict(
      String validator, long stake, boolean accepted, String reason, long height) {}

  /** The verdicts on one proposal, with the stake behind each side. */
  public record Tally(
      long attestedStake, long refusedStake, long totalStake, List<Verdict> verdicts) {
    /** The refusals, as {@code name (stake): reason} joined. */
    public String refusals() {
      List<String> out = new ArrayList<>();
      for (Verdict v : verdicts) {
        if (!v.accepted()) {
          out.add(v.validator() + " (" + v.stake() + "): " + v.reason());
        }
      }
      return out.isEmpty() ? "none" : String.join("; ", out);
    }
  }

  /**
   * Applies an attestation or refusal payload at {@code height}. Never throws for bad input.
   *
   * @param open the open proposal, if any
   */
  public Receipt apply(
      State state,
      long height,
      byte[] payload,
      String chainId,
      ValidatorSet validators,
      Optional<ProposalRecord> open) {
    Attestation.Signed signed;
    try {
      signed = Attestation.decode(payload);
    } catch (IllegalArgumentException e) {
      return Receipt.rejected("malformed pre-check attestation: " + e.getMessage());
    }
    Attestation a = signed.attestation();
    if (open.isEmpty() || open.get().id() != a.proposalId()) {
      return Receipt.rejected(
          "proposal " + a.proposalId() + " is not the open proposal; its code needs no pre-check");
    }
    ProposalRecord p = open.get();
    if (!p.proposal().codeHash().equals(a.codeHash())) {
      return Receipt.rejected(
          "the verdict names code "
              + a.codeHash()
              + " but proposal "
              + p.id()
              + "'s runtime is "
              + p.proposal().codeHash());
    }
    Optional<Validator> v = validators.get(a.validator());
    if (v.isEmpty()) {
      return Receipt.rejected("'" + a.validator() + "' is not a validator");
    }
    if (!signed.verifies(chainId, v.get().publicKey())) {
      return Receipt.rejected(
          "the signature is not " + a.validator() + "'s over this verdict on chain " + chainId);
    }
    if (state.get(verdictKey(p.id(), a.validator())).isPresent()) {
      return Receipt.rejected(
          a.validator() + " already filed a pre-check verdict on proposal " + p.id() + "; final");
    }
    for (HashCode h : namedCode(p)) {
      if (!code.status(state, h).complete()) {
        return Receipt.rejected(
            "code "
                + h
                + " of proposal "
                + p.id()
                + " is not complete on chain yet; check it once it is");
      }
    }
    state.put(
        verdictKey(p.id(), a.validator()),
        new Codec.Writer()
            .u8(FORMAT)
            .bool(a.accepted())
            .string(a.reason())
            .i64(height)
            .toByteArray());
    return Receipt.ok(
        (a.accepted() ? "code " + a.codeHash() + " verified by " : "code refused by ")
            + a.validator()
            + " for proposal "
            + p.id()
            + (a.accepted() ? "" : ": " + a.reason()));
  }

  private static Set<HashCode> namedCode(ProposalRecord p) {
    Set<HashCode> all = new java.util.LinkedHashSet<>();
    all.add(p.proposal().codeHash());
    p.proposal().migrationPlan().ifPresent(plan -> all.addAll(plan.pluginHashes().values()));
    return all;
  }

  /** Whether {@code validator} filed a verdict on {@code proposalId}. */
  public boolean hasVerdict(StateView state, long proposalId, String validator) {
    return state.get(verdictKey(proposalId, validator)).isPresent();
  }

  /** The verdicts on {@code proposalId}, by validator name order. */
  public Tally tally(StateView state, long proposalId, ValidatorSet validators) {
    byte[] prefix = proposalPrefix(proposalId);
    List<Verdict> verdicts = new ArrayList<>();
    long[] sides = new long[2];
    state.scan(
        prefix,
        (k, val) -> {
          String name =
              new String(Arrays.copyOfRange(k, prefix.length, k.length), StandardCharsets.UTF_8);
          Codec.Reader r = new Codec.Reader(val);
          r.u8("verdict format");
          boolean accepted = r.bool("accepted");
          String reason = r.string("reason");
          long height = r.i64("height");
          long stake = validators.get(name).map(Validator::stake).orElse(0L);
          verdicts.add(new Verdict(name, stake, accepted, reason, height));
          sides[accepted ? 0 : 1] += stake;
        });
    return new Tally(sides[0], sides[1], validators.totalStake(), verdicts);
  }

  /** What happens at an approved proposal's activation height. */
  public sealed interface Decision {
    /** Enough attested stake: activate. */
    record Proceed() implements Decision {}

    /** Postponed to {@code height}. */
    record Postpone(long height, String why) implements Decision {}

    /** Failed on chain. */
    record Fail(String cause) implements Decision {}
  }

  /**
   * Decides an activation at {@code height}: proceed when validators holding the approval threshold
   * of stake attested; fail when refusals make that impossible; otherwise postpone once by {@link
   * CodeParameters#precheckPostponeBlocks()} and fail at the postponed height if still short.
   * Records the postponement in {@code state}.
   */
  public Decision decide(
      State state, ProposalRecord p, long height, ValidatorSet validators, Threshold approval) {
    CodeParameters params = code.parameters(state);
    if (!params.precheckRequired()) {
      return new Decision.Proceed();
    }
    Tally t = tally(state, p.id(), validators);
    if (approval.isMetBy(t.attestedStake(), t.totalStake())) {
      return new Decision.Proceed();
    }
    String standing =
        "pre-check: code attested by "
            + t.attestedStake()
            + " of "
            + t.totalStake()
            + " stake (needs "
            + approval
            + "), refused by "
            + t.refusedStake()
            + "; refusals: "
            + t.refusals();
    long undecided = t.totalStake() - t.attestedStake() - t.refusedStake();
    if (standing.length() > MAX_CAUSE) {
      // The cause is stored in the proposal record, whose texts are bounded.
      standing = standing.substring(0, MAX_CAUSE) + "…";
    }
    if (!approval.isMetBy(t.attestedStake() + undecided, t.totalStake())) {
      return new Decision.Fail(standing);
    }
    long postponed =
        state.get(postponedKey(p.id())).map(b -> new Codec.Reader(b).i64("n")).orElse(0L);
    if (postponed >= 1) {
      return new Decision.Fail(standing + "; still short after a postponement");
    }
    state.put(postponedKey(p.id()), new Codec.Writer().i64(postponed + 1).toByteArray());
    return new Decision.Postpone(height + params.precheckPostponeBlocks(), standing);
  }
}
