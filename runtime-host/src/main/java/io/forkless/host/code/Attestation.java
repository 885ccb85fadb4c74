package io.forkless.host.code;

import com.google.common.hash.HashCode;
import io.forkless.host.codec.Codec;
import io.forkless.host.governance.Ed25519;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A validator's signed pre-check verdict on the code of an open proposal: "code H verified by V"
 * (accepted) or a refusal with the reason. The payload of a host transaction.
 *
 * <p>Encoding: {@code 0x11}, proposal id (8), runtime code hash (32), validator (string), accepted
 * (1), reason (string), the height the validator checked at (8), Ed25519 signature (64). The
 * signature covers {@code "forkless/precheck/v1"}, the chain id and the encoding before the
 * signature, so it cannot be replayed on another chain or for another proposal.
 *
 * @param proposalId the proposal whose code was checked
 * @param codeHash that proposal's runtime code hash (binds the verdict to the code)
 * @param validator who checked
 * @param accepted true for an attestation, false for a refusal
 * @param reason why the code was refused (empty for an attestation)
 * @param checkedAtHeight the validator's head when it checked (informative)
 */
public record Attestation(
    long proposalId,
    HashCode codeHash,
    String validator,
    boolean accepted,
    String reason,
    long checkedAtHeight) {

  /** The first byte of every attestation payload. */
  public static final int KIND = 0x11;

  private static final String DOMAIN = "forkless/precheck/v1";

  /** The longest reason kept (longer ones are cut, so a refusal always fits a transaction). */
  public static final int MAX_REASON = 1024;

  public Attestation {
    if (codeHash.bits() != 256) {
      throw new IllegalArgumentException("code hash must be SHA-256");
    }
    if (validator.isBlank()) {
      throw new IllegalArgumentException("an attestation needs a validator name");
    }
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON);
    }
  }

  /** True when {@code payload} is meant as an attestation (its first byte is {@link #KIND}). */
  public static boolean isAttestation(byte[] payload) {
    return payload.length > 0 && (payload[0] & 0xff) == KIND;
  }

  private byte[] body() {
    return new Codec.Writer()
        .u8(KIND)
        .i64(proposalId)
        .hash(codeHash)
        .string(validator)
        .bool(accepted)
        .string(reason)
        .i64(checkedAtHeight)
        .toByteArray();
  }

  /** The bytes the validator signs on chain {@code chainId}. */
  public byte[] signingMessage(String chainId) {
    return new Codec.Writer().string(DOMAIN).string(chainId).bytes(body()).toByteArray();
  }

  /** The signed payload. */
  public byte[] sign(String chainId, PrivateKey key) {
    return new Codec.Writer()
        .bytes(body())
        .bytes(Ed25519.sign(key, signingMessage(chainId)))
        .toByteArray();
  }

  /** An attestation with its signature, as decoded from a payload. */
  public record Signed(Attestation attestation, byte[] signature) {
    public Signed {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    /** True when the signature is {@code key}'s over this attestation on {@code chainId}. */
    public boolean verifies(String chainId, PublicKey key) {
      return Ed25519.verify(key, attestation.signingMessage(chainId), signature);
    }
  }

  /**
   * @throws IllegalArgumentException saying what is malformed
   */
  public static Signed decode(byte[] payload) {
    Codec.Reader r = new Codec.Reader(payload);
    int kind = r.u8("attestation kind");
    if (kind != KIND) {
      throw new IllegalArgumentException("not an attestation (kind " + kind + ")");
    }
    Attestation a =
        new Attestation(
            r.i64("proposal id"),
            r.hash("code hash"),
            r.string("validator"),
            r.bool("accepted"),
            r.string("reason"),
            r.i64("checked at height"));
    byte[] signature = r.bytes(Ed25519.SIGNATURE_LENGTH, "signature");
    r.expectEnd("the signature");
    return new Signed(a, signature);
  }
}
