package io.forkless.host.governance;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A validator: a name used in transactions, an Ed25519 public key that signs them, and a stake that
 * weighs its votes.
 *
 * @param name 1..32 characters of [a-z0-9_-]
 * @param publicKey the Ed25519 key its signatures verify against
 * @param stake a positive weight
 */
public record Validator(String name, PublicKey publicKey, long stake) {

  public Validator {
    Objects.requireNonNull(publicKey, "publicKey");
    if (!name.matches("[a-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException(
          "validator name must be 1..32 of [a-z0-9_-] but was '" + name + "'");
    }
    if (stake <= 0) {
      throw new IllegalArgumentException(
          "stake of validator '" + name + "' must be positive but was " + stake);
    }
    Ed25519.rawPublicKey(publicKey); // refuses keys of other algorithms
  }
}
