package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which validators sign a governance transaction. {@code --key NAME} names each signer. Without
 * {@code --key-file}, the names must be dev validators and the node must run with {@code --dev}
 * (its status says {@code "dev": true}): their keys are public. Otherwise each {@code --key} takes
 * the {@code --key-file} at the same position, a file holding the 32-byte Ed25519 seed in hex.
 */
public final class Signers {

  @Option(
      names = "--key",
      paramLabel = "NAME",
      required = true,
      description = "A signing validator's name (repeat for several signers).")
  List<String> names = new ArrayList<>();

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "A file holding the hex Ed25519 seed of the --key at the same position; required"
              + " unless the node runs with --dev and the names are dev validators.")
  List<Path> keyFiles = new ArrayList<>();

  /**
   * The named keys, checked against the node's status.
   *
   * @throws CliException if a key cannot be read or dev keys are used against a non-dev node
   */
  List<NamedKey> resolve(JsonNode status) {
    if (names.stream().distinct().count() != names.size()) {
      throw new CliException("each --key may sign only once but got " + names);
    }
    List<NamedKey> keys = new ArrayList<>();
    if (keyFiles.isEmpty()) {
      if (!status.path("dev").asBoolean(false)) {
        throw new CliException(
            "the node is not a --dev node, so dev keys are refused: give --key-file FILE (hex"
                + " Ed25519 seed) for "
                + String.join(", ", names));
      }
      for (String name : names) {
        Optional<java.security.KeyPair> key = DevChain.devValidatorKey(name);
        if (key.isEmpty()) {
          throw new CliException(
              "--key "
                  + name
                  + " is not a dev validator "
                  + DevChain.STAKES.keySet()
                  + "; give --key-file FILE for it");
        }
        keys.add(new NamedKey(name, key.get().getPrivate()));
      }
      return keys;
    }
    if (keyFiles.size() != names.size()) {
      throw new CliException(
          "give one --key-file per --key: "
              + names.size()
              + " --key but "
              + keyFiles.size()
              + " --key-file");
    }
    for (int i = 0; i < names.size(); i++) {
      keys.add(new NamedKey(names.get(i), readSeed(keyFiles.get(i)).getPrivate()));
    }
    return keys;
  }

  /** The first (or only) signer's name: the proposer or voter. */
  String first() {
    return names.get(0);
  }

  private static java.security.KeyPair readSeed(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CliException("cannot read --key-file " + file + ": " + e.getMessage(), e);
    }
    byte[] seed;
    try {
      seed = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "--key-file " + file + " must hold a hex Ed25519 seed: " + e.getMessage());
    }
    if (seed.length != Ed25519.KEY_LENGTH) {
      throw new CliException(
          "--key-file "
              + file
              + " must hold a 32-byte Ed25519 seed (64 hex characters) but holds "
              + seed.length
              + " bytes");
    }
    return Ed25519.fromSeed(seed);
  }
}
