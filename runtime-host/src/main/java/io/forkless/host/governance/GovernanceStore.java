package io.forkless.host.governance;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Governance records in the chain's key-value state, under the host namespace (keys starting with
 * {@code 0x00}, which runtimes cannot use).
 *
 * <pre>
 * 0x00 "gov/meta"                 next proposal id (8), emergency nonce (8), paused (1)
 * 0x00 "gov/open"                 id of the open proposal (8); absent when none is open
 * 0x00 "gov/p/" id(8)             a ProposalRecord
 * 0x00 "gov/v/" id(8) name        a vote: 1 yes, 0 no
 * </pre>
 */
final class GovernanceStore {

  static final byte[] NAMESPACE = "\0gov/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] META = key("meta");
  private static final byte[] OPEN = key("open");

  private GovernanceStore() {}

  /** Chain-wide governance counters. */
  record Meta(long nextProposalId, long emergencyNonce, boolean paused) {
    static final Meta INITIAL = new Meta(1, 0, false);
  }

  static Meta meta(StateView state) {
    return state
        .get(META)
        .map(
            bytes -> {
              Codec.Reader r = new Codec.Reader(bytes);
              Meta meta = new Meta(r.i64("next id"), r.i64("nonce"), r.bool("paused"));
              r.expectEnd("governance meta");
              return meta;
            })
        .orElse(Meta.INITIAL);
  }

  static void putMeta(State state, Meta meta) {
    state.put(
        META,
        new Codec.Writer()
            .i64(meta.nextProposalId())
            .i64(meta.emergencyNonce())
            .bool(meta.paused())
            .toByteArray());
  }

  static OptionalLong openProposal(StateView state) {
    return state
        .get(OPEN)
        .map(b -> OptionalLong.of(new Codec.Reader(b).i64("open id")))
        .orElse(OptionalLong.empty());
  }

  static void setOpenProposal(State state, OptionalLong id) {
    if (id.isPresent()) {
      state.put(OPEN, new Codec.Writer().i64(id.getAsLong()).toByteArray());
    } else {
      state.delete(OPEN);
    }
  }

  static Optional<ProposalRecord> proposal(StateView state, long id) {
    return state.get(proposalKey(id)).map(GovernanceStore::decodeRecord);
  }

  static void putProposal(State state, ProposalRecord record) {
    state.put(proposalKey(record.id()), encodeRecord(record));
    setOpenProposal(
        state, record.status().isOpen() ? OptionalLong.of(record.id()) : OptionalLong.empty());
  }

  /** Every proposal, oldest first. */
  static List<ProposalRecord> proposals(StateView state) {
    List<ProposalRecord> all = new ArrayList<>();
    state.scan(key("p/"), (k, v) -> all.add(decodeRecord(v)));
    return all;
  }

  static Optional<Boolean> vote(StateView state, long id, String validator) {
    return state.get(voteKey(id, validator)).map(b -> b[0] == 1);
  }

  static void putVote(State state, long id, String validator, boolean approve) {
    state.put(voteKey(id, validator), new byte[] {(byte) (approve ? 1 : 0)});
  }

  /** The next governance nonce of {@code validator} (0 until its first action). */
  static long nonce(StateView state, String validator) {
    return state.get(nonceKey(validator)).map(v -> new Codec.Reader(v).i64("nonce")).orElse(0L);
  }

  static void putNonce(State state, String validator, long next) {
    state.put(nonceKey(validator), new Codec.Writer().i64(next).toByteArray());
  }

  private static byte[] nonceKey(String validator) {
    return new Codec.Writer()
        .bytes(key("n/"))
        .bytes(validator.getBytes(StandardCharsets.UTF_8))
        .toByteArray();
  }

  private static byte[] key(String suffix) {
    byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
    byte[] k = new byte[NAMESPACE.length + s.length];
    System.arraycopy(NAMESPACE, 0, k, 0, NAMESPACE.length);
    System.arraycopy(s, 0, k, NAMESPACE.length, s.length);
    return k;
  }

  private static byte[] proposalKey(long id) {
    return new Codec.Writer().bytes(key("p/")).i64(id).toByteArray();
  }

  private static byte[] voteKey(long id, String validator) {
    return new Codec.Writer()
        .bytes(key("v/"))
        .i64(id)
        .bytes(validator.getBytes(StandardCharsets.UTF_8))
        .toByteArray();
  }

  static byte[] encodeRecord(ProposalRecord r) {
    UpgradeProposal p = r.proposal();
    Codec.Writer w =
        new Codec.Writer()
            .u8(1) // record format version
            .i64(p.id())
            .string(p.proposer())
            .string(p.title())
            .string(p.description())
            .version(p.newVersion())
            .hash(p.codeHash())
            .bool(p.migrationPlan().isPresent());
    p.migrationPlan().ifPresent(plan -> plan.writeTo(w));
    w.i64(p.activationDelay())
        .u8(r.status().wireCode())
        .i64(r.proposedHeight())
        .i64(r.votingEndsHeight())
        .i64(r.yesStake())
        .i64(r.noStake())
        .i64(r.activationHeight().orElse(-1))
        .i64(r.closedHeight().orElse(-1))
        .string(r.reason());
    return w.toByteArray();
  }

  static ProposalRecord decodeRecord(byte[] bytes) {
    Codec.Reader r = new Codec.Reader(bytes);
    int format = r.u8("record format");
    if (format != 1) {
      throw new IllegalStateException("unknown governance record format " + format);
    }
    long id = r.i64("id");
    String proposer = r.string("proposer");
    String title = r.string("title");
    String description = r.string("description");
    RuntimeVersion version = r.version("version");
    HashCode codeHash = r.hash("code hash");
    Optional<HashedMigrationPlan> plan = Optional.empty();
    if (r.bool("has plan")) {
      plan = Optional.of(HashedMigrationPlan.readFrom(r, version));
    }
    long delay = r.i64("delay");
    ProposalStatus status = ProposalStatus.fromWireCode(r.u8("status"));
    long proposed = r.i64("proposed");
    long votingEnds = r.i64("voting ends");
    long yes = r.i64("yes");
    long no = r.i64("no");
    long activation = r.i64("activation");
    long closed = r.i64("closed");
    String reason = r.string("reason");
    r.expectEnd("proposal record");
    return new ProposalRecord(
        new UpgradeProposal(id, proposer, title, description, version, codeHash, plan, delay),
        status,
        proposed,
        votingEnds,
        yes,
        no,
        activation < 0 ? OptionalLong.empty() : OptionalLong.of(activation),
        closed < 0 ? OptionalLong.empty() : OptionalLong.of(closed),
        reason);
  }
}
