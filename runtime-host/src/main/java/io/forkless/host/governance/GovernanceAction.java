package io.forkless.host.governance;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.codec.Codec;
import java.util.Optional;

/** What a governance transaction asks for; {@link SignedGovernanceTx} adds the signatures. */
public sealed interface GovernanceAction
    permits GovernanceAction.ProposeUpgrade,
        GovernanceAction.VoteUpgrade,
        GovernanceAction.Emergency,
        GovernanceAction.ChangeParameter {

  /** The canonical encoding of this action, which signatures cover (after the chain id). */
  byte[] encode();

  /**
   * The seed's {@code UpgradeProposal} as submitted: the id is assigned when the block includes it.
   *
   * @param proposer the proposing validator's name
   * @param nonce any number the proposer chooses, so that an identical re-proposal is a new tx
   */
  record ProposeUpgrade(
      String proposer,
      String title,
      String description,
      RuntimeVersion newVersion,
      HashCode codeHash,
      Optional<HashedMigrationPlan> migrationPlan,
      long activationDelay,
      long nonce)
      implements GovernanceAction {

    public ProposeUpgrade {
      if (title.isBlank()) {
        throw new IllegalArgumentException("a proposal needs a title");
      }
      if (codeHash.bits() != 256) {
        throw new IllegalArgumentException(
            "code hash must be SHA-256 (32 bytes) but was " + codeHash.bits() / 8 + " bytes");
      }
      if (activationDelay < 0) {
        throw new IllegalArgumentException(
            "activation delay must be >= 0 but was " + activationDelay);
      }
      migrationPlan.ifPresent(
          p -> {
            if (!p.plan().toVersion().equals(newVersion)) {
              throw new IllegalArgumentException(
                  "migration plan leads to "
                      + p.plan().toVersion()
                      + " but the proposal is for "
                      + newVersion);
            }
          });
    }

    @Override
    public byte[] encode() {
      Codec.Writer w =
          new Codec.Writer()
              .u8(Kind.PROPOSE)
              .string(proposer)
              .string(title)
              .string(description)
              .version(newVersion)
              .hash(codeHash)
              .bool(migrationPlan.isPresent());
      migrationPlan.ifPresent(p -> p.writeTo(w));
      return w.i64(activationDelay).i64(nonce).toByteArray();
    }
  }

  /** A validator's vote on an open proposal. */
  record VoteUpgrade(long proposalId, String voter, boolean approve) implements GovernanceAction {
    @Override
    public byte[] encode() {
      return new Codec.Writer()
          .u8(Kind.VOTE)
          .i64(proposalId)
          .string(voter)
          .bool(approve)
          .toByteArray();
    }
  }

  /**
   * An emergency action, valid when signed by validators holding at least the approval threshold of
   * the stake.
   *
   * @param target the proposal to cancel or roll back; 0 for pause and resume
   * @param emergencyNonce the chain's emergency nonce at signing time (see {@code
   *     Governance#emergencyNonce}); makes each signed emergency transaction usable once
   */
  record Emergency(EmergencyKind kind, long target, long emergencyNonce)
      implements GovernanceAction {
    @Override
    public byte[] encode() {
      return new Codec.Writer()
          .u8(Kind.EMERGENCY)
          .u8(kind.wireCode())
          .i64(target)
          .i64(emergencyNonce)
          .toByteArray();
    }
  }

  /**
   * A change of a chain parameter (e.g. {@code "metering"}), valid when signed by validators
   * holding at least the approval threshold of the stake; takes effect at {@code activationHeight},
   * at least the timelock after the block that includes it.
   *
   * @param name the parameter, one of the chain's {@link ParameterRules#names()}
   * @param value its new encoding, checked by the parameter's rules
   * @param emergencyNonce the chain's emergency nonce at signing time (each signed change is usable
   *     once)
   */
  record ChangeParameter(String name, byte[] value, long activationHeight, long emergencyNonce)
      implements GovernanceAction {

    public ChangeParameter {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public byte[] encode() {
      return new Codec.Writer()
          .u8(Kind.PARAMETER)
          .string(name)
          .i32(value.length)
          .bytes(value)
          .i64(activationHeight)
          .i64(emergencyNonce)
          .toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ChangeParameter c
          && c.name.equals(name)
          && java.util.Arrays.equals(c.value, value)
          && c.activationHeight == activationHeight
          && c.emergencyNonce == emergencyNonce;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(
          name, java.util.Arrays.hashCode(value), activationHeight, emergencyNonce);
    }

    @Override
    public String toString() {
      return "ChangeParameter["
          + name
          + ", "
          + value.length
          + " bytes, at "
          + activationHeight
          + ", nonce "
          + emergencyNonce
          + "]";
    }
  }

  /** The emergency actions. */
  enum EmergencyKind {
    CANCEL(0),
    PAUSE(1),
    RESUME(2),
    ROLLBACK(3);

    private final int wireCode;

    EmergencyKind(int wireCode) {
      this.wireCode = wireCode;
    }

    /** The byte that stands for this kind in signed transactions (fixed forever). */
    public int wireCode() {
      return wireCode;
    }

    /**
     * @throws IllegalArgumentException for a code no kind has
     */
    public static EmergencyKind fromWireCode(int code) {
      for (EmergencyKind k : values()) {
        if (k.wireCode == code) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown emergency kind " + code);
    }
  }

  /** Decodes an action; the inverse of {@link #encode()}. */
  static GovernanceAction decode(Codec.Reader r) {
    int kind = r.u8("action kind");
    switch (kind) {
      case Kind.PROPOSE:
        return decodeProposal(r);
      case Kind.VOTE:
        return new VoteUpgrade(r.i64("proposal id"), r.string("voter"), r.bool("approve"));
      case Kind.EMERGENCY:
        EmergencyKind emergency = EmergencyKind.fromWireCode(r.u8("emergency kind"));
        return new Emergency(emergency, r.i64("target"), r.i64("nonce"));
      case Kind.PARAMETER:
        String name = r.string("parameter name");
        int length = r.i32("parameter value length");
        if (length < 0 || length > Parameters.MAX_VALUE_BYTES) {
          throw new IllegalArgumentException("parameter value length " + length + " out of range");
        }
        return new ChangeParameter(
            name, r.bytes(length, "parameter value"), r.i64("activation height"), r.i64("nonce"));
      default:
        throw new IllegalArgumentException("unknown governance action kind " + kind);
    }
  }

  private static ProposeUpgrade decodeProposal(Codec.Reader r) {
    String proposer = r.string("proposer");
    String title = r.string("title");
    String description = r.string("description");
    RuntimeVersion newVersion = r.version("new version");
    HashCode codeHash = r.hash("code hash");
    Optional<HashedMigrationPlan> plan = Optional.empty();
    if (r.bool("has migration plan")) {
      plan = Optional.of(HashedMigrationPlan.readFrom(r, newVersion));
    }
    return new ProposeUpgrade(
        proposer,
        title,
        description,
        newVersion,
        codeHash,
        plan,
        r.i64("activation delay"),
        r.i64("nonce"));
  }

  /** Leading byte of each action's encoding. */
  final class Kind {
    static final int PROPOSE = 1;
    static final int VOTE = 2;
    static final int EMERGENCY = 3;
    static final int PARAMETER = 4;

    private Kind() {}
  }
}
