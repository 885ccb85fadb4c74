package io.forkless.host.governance;

import com.google.common.collect.ImmutableList;
import io.forkless.host.codec.Codec;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A governance action with the validators' signatures: the payload of a host-level transaction.
 *
 * <p>Encoding: the action's encoding, the nonce (8 bytes), then a signature count (1 byte) and for
 * each signature the signer's name (string) and 64 signature bytes. Each signature covers {@code
 * "forkless/governance/v2"}, the chain id, the nonce and the action's encoding, so it cannot be
 * replayed on another chain, for another proposal, or twice.
 *
 * <p>The nonce is the first signer's (the submitter's) governance nonce: each validator's actions
 * carry 0, 1, 2, … in order, and an action that fails after its signatures verified still uses its
 * nonce, so a failed action never blocks a later valid one.
 */
public record SignedGovernanceTx(
    GovernanceAction action, long nonce, ImmutableList<Signature> signatures) {

  private static final String DOMAIN = "forkless/governance/v2";
  private static final int MAX_SIGNATURES = 255;

  /** One validator's signature. */
  public record Signature(String validator, byte[] bytes) {
    public Signature {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  public SignedGovernanceTx {
    if (nonce < 0) {
      throw new IllegalArgumentException("a governance nonce must be >= 0 but was " + nonce);
    }
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "a governance transaction needs 1.." + MAX_SIGNATURES + " signatures");
    }
    Set<String> signers = new HashSet<>();
    for (Signature s : signatures) {
      if (!signers.add(s.validator())) {
        throw new IllegalArgumentException("validator '" + s.validator() + "' signed twice");
      }
    }
  }

  /** The bytes a validator signs for {@code action} with {@code nonce} on chain {@code chainId}. */
  public static byte[] signingMessage(String chainId, long nonce, GovernanceAction action) {
    return new Codec.Writer()
        .string(DOMAIN)
        .string(chainId)
        .i64(nonce)
        .bytes(action.encode())
        .toByteArray();
  }

  /** The first signer: whose nonce this transaction carries. */
  public String submitter() {
    return signatures.get(0).validator();
  }

  /**
   * Signs {@code action} for {@code chainId} with each named key, in the given order; {@code nonce}
   * is the first signer's next governance nonce.
   */
  public static SignedGovernanceTx sign(
      String chainId, GovernanceAction action, long nonce, List<NamedKey> signers) {
    byte[] message = signingMessage(chainId, nonce, action);
    List<Signature> signatures = new ArrayList<>();
    for (NamedKey signer : signers) {
      signatures.add(new Signature(signer.validator(), Ed25519.sign(signer.key(), message)));
    }
    return new SignedGovernanceTx(action, nonce, ImmutableList.copyOf(signatures));
  }

  /** A validator's name with its private key, for signing. */
  public record NamedKey(String validator, PrivateKey key) {}

  /** The canonical encoding: the payload of the host transaction. */
  public byte[] encode() {
    Codec.Writer w = new Codec.Writer().bytes(action.encode()).i64(nonce).u8(signatures.size());
    for (Signature s : signatures) {
      w.string(s.validator()).bytes(s.bytes());
    }
    return w.toByteArray();
  }

  /**
   * Decodes a host transaction payload.
   *
   * @throws IllegalArgumentException saying what is malformed
   */
  public static SignedGovernanceTx decode(byte[] payload) {
    Codec.Reader r = new Codec.Reader(payload);
    GovernanceAction action = GovernanceAction.decode(r);
    long nonce = r.i64("nonce");
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must be >= 0 but was " + nonce);
    }
    int count = r.u8("signature count");
    List<Signature> signatures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      signatures.add(
          new Signature(r.string("signer"), r.bytes(Ed25519.SIGNATURE_LENGTH, "signature")));
    }
    r.expectEnd("the signatures");
    return new SignedGovernanceTx(action, nonce, ImmutableList.copyOf(signatures));
  }

  /**
   * True when {@code hostPayload} is a governance emergency that sets the state back when executed
   * (a rollback, or a cancel, which fails a running migration back to its snapshot); false for
   * anything else, malformed payloads included.
   */
  public static boolean rewindsState(byte[] hostPayload) {
    try {
      return decode(hostPayload).action() instanceof GovernanceAction.Emergency e
          && (e.kind() == GovernanceAction.EmergencyKind.ROLLBACK
              || e.kind() == GovernanceAction.EmergencyKind.CANCEL);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A short description for logs, e.g. {@code vote on proposal 3 by alice}. */
  public String describe() {
    String who = String.join("+", signatures.stream().map(Signature::validator).toList());
    if (action instanceof GovernanceAction.ProposeUpgrade p) {
      return "proposal of " + p.newVersion() + " by " + who;
    }
    if (action instanceof GovernanceAction.VoteUpgrade v) {
      return (v.approve() ? "yes" : "no") + " vote on proposal " + v.proposalId() + " by " + who;
    }
    if (action instanceof GovernanceAction.ChangeParameter c) {
      return "change of parameter "
          + c.name()
          + " at height "
          + c.activationHeight()
          + " by "
          + who;
    }
    GovernanceAction.Emergency e = (GovernanceAction.Emergency) action;
    return "emergency " + e.kind().name().toLowerCase(java.util.Locale.ROOT) + " by " + who;
  }
}
