package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.governance.Ed25519;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import picocli.CommandLine.Option;

/**
 * {@code --key FILE|NAME}: the account that signs a user transaction. A FILE holds the 32-byte
 * Ed25519 seed in hex ({@code forkless keys new --out FILE}); a NAME is a dev account (alice, bob,
 * charlie, dave), whose key anyone can derive, so it is accepted only by a {@code --dev} node.
 */
public final class AccountKey {

  @Option(
      names = "--key",
      paramLabel = "FILE|NAME",
      required = true,
      description =
          "The sender's key file (hex Ed25519 seed, from `forkless keys new`), or a dev account"
              + " name (alice, bob, charlie, dave) against a --dev node.")
  String key = "";

  /**
   * The key pair, checked against the node's status (dev names need a dev node).
   *
   * @throws CliException if the file cannot be read or a dev name is used against a non-dev node
   */
  KeyPair resolve(JsonNode status) {
    Path file = Path.of(key);
    if (Files.isRegularFile(file)) {
      return readSeed(file, "--key");
    }
    if (!DevChain.BALANCES.containsKey(key)) {
      throw new CliException(
          "--key "
              + key
              + " is neither a key file nor a dev account "
              + DevChain.BALANCES.keySet()
              + "; create a key with: forkless keys new --out FILE");
    }
    if (!status.path("dev").asBoolean(false)) {
      throw new CliException(
          "the node is not a --dev node, so the dev account key of "
              + key
              + " is refused: give --key FILE (forkless keys new --out FILE)");
    }
    return DevChain.devAccountKey(key);
  }

  /**
   * The key pair of a file holding a hex Ed25519 seed.
   *
   * @throws CliException naming the file when it cannot be read or holds no seed
   */
  static KeyPair readSeed(Path file, String option) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CliException("cannot read " + option + " " + file + ": " + e.getMessage(), e);
    }
    byte[] seed;
    try {
      seed = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(option + " " + file + " must hold a hex Ed25519 seed");
    }
    if (seed.length != Ed25519.KEY_LENGTH) {
      throw new CliException(
          option
              + " "
              + file
              + " must hold a 32-byte Ed25519 seed (64 hex characters) but holds "
              + seed.length
              + " bytes");
    }
    return Ed25519.fromSeed(seed);
  }

  /** The raw public key as 64 hex characters. */
  static String publicKeyHex(KeyPair pair) {
    return HexFormat.of().formatHex(Ed25519.rawPublicKey(pair.getPublic()));
  }
}
