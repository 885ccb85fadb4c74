package io.forkless.testing.jar;

import java.util.Optional;

/**
 * How to sign a {@link TestJar}: who, under which signer name ({@code META-INF/NAME.SF}), and with
 * which algorithms (default SHA-256 and the JDK's default signature algorithm for the key).
 *
 * @param identity the key and chain that sign
 * @param signerName the base name of the signature file and block
 * @param digestAlgorithm the digest of entries and manifest, e.g. {@code SHA-256} or {@code SHA-1}
 * @param signatureAlgorithm the signature algorithm, e.g. {@code SHA1withRSA}; empty for the
 *     default
 */
public record Signing(
    SigningIdentity identity,
    String signerName,
    String digestAlgorithm,
    Optional<String> signatureAlgorithm) {

  /** Signs as {@code SIGNER} with SHA-256. */
  public static Signing by(SigningIdentity identity) {
    return new Signing(identity, "SIGNER", "SHA-256", Optional.empty());
  }

  /** The same, under another signer name (needed for a second signer). */
  public Signing named(String name) {
    return new Signing(identity, name, digestAlgorithm, signatureAlgorithm);
  }

  /** The same, with other digest and signature algorithms. */
  public Signing withAlgorithms(String digest, String signature) {
    return new Signing(identity, signerName, digest, Optional.of(signature));
  }
}
