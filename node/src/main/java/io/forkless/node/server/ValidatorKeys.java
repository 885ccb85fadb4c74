package io.forkless.node.server;

import io.forkless.host.ForklessException;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Validator key files (the 32-byte Ed25519 seed in hex, as {@code forkless keys validator} writes)
 * and which validator a key belongs to. Stateless.
 */
public final class ValidatorKeys {

  private ValidatorKeys() {}

  /**
   * Reads a key file.
   *
   * @throws IllegalArgumentException saying why the file is not a validator key
   */
  public static KeyPair read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " cannot be read: " + e, e);
    }
    byte[] seed;
    try {
      seed = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file + " must hold a hex Ed25519 seed: " + e.getMessage(), e);
    }
    if (seed.length != Ed25519.KEY_LENGTH) {
      throw new IllegalArgumentException(
          file
              + " must hold a 32-byte Ed25519 seed (64 hex characters) but holds "
              + seed.length
              + " bytes");
    }
    return Ed25519.fromSeed(seed);
  }

  /** The validators whose public key is {@code key}, by name order. */
  public static List<String> owners(PublicKey key, ValidatorSet validators) {
    byte[] raw = Ed25519.rawPublicKey(key);
    return validators.all().values().stream()
        .filter(v -> Arrays.equals(Ed25519.rawPublicKey(v.publicKey()), raw))
        .map(Validator::name)
        .sorted()
        .toList();
  }

  /**
   * The {@code [validator] key_file} of a node's config as the named key it attests with.
   *
   * @throws ForklessException naming {@code source} when the file cannot be read or is not the key
   *     of exactly one validator of {@code validators}
   */
  static List<NamedKey> fromFile(Optional<Path> file, ValidatorSet validators, String source) {
    if (file.isEmpty()) {
      return List.of();
    }
    KeyPair key;
    try {
      key = read(file.get());
    } catch (IllegalArgumentException e) {
      throw new ForklessException(source + ": validator.key_file " + e.getMessage(), e);
    }
    List<String> owners = owners(key.getPublic(), validators);
    if (owners.size() != 1) {
      throw new ForklessException(
          source
              + ": validator.key_file "
              + file.get()
              + (owners.isEmpty()
                  ? " holds the key of no validator of this chain (public key "
                      + HexFormat.of().formatHex(Ed25519.rawPublicKey(key.getPublic()))
                      + "; validators "
                      + validators.all().keySet()
                      + "): give this node its own validator's key, or drop [validator]"
                  : " holds the key of several validators " + owners + ": give each its own key"));
    }
    return List.of(new NamedKey(owners.get(0), key.getPrivate()));
  }
}
