package io.forkless.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.io.BaseEncoding;
import io.forkless.host.governance.Ed25519;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forkless keys validator}: a new validator key, its 32-byte Ed25519 seed written as 64 hex
 * characters (what {@code --key-file} reads) to a file only its owner can read, and its public key
 * printed for the config's {@code [[genesis.validators]]}.
 */
@Command(
    name = "validator",
    mixinStandardHelpOptions = true,
    description = {
      "Offline: makes a validator key. Writes its Ed25519 seed (64 hex characters, what --key-file"
          + " reads) to FILE, readable only by you, and prints the public key for the config's"
          + " [[genesis.validators]] public_key. Never overwrites a file."
    })
public final class KeysValidatorCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "The key file to create.")
  Path out = Path.of("");

  @Option(names = "--json", description = "Print {\"keyFile\", \"publicKey\"} as JSON.")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the public key (for scripts: PUBLIC_KEY=$(forkless keys ...)).")
  boolean quiet;

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    byte[] seed = new byte[Ed25519.KEY_LENGTH];
    new SecureRandom().nextBytes(seed);
    String publicKey =
        BaseEncoding.base16()
            .lowerCase()
            .encode(Ed25519.rawPublicKey(Ed25519.fromSeed(seed).getPublic()));
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createFile(
          out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          out,
          BaseEncoding.base16().lowerCase().encode(seed) + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new CliException(out + " already exists: a key file is never overwritten", e);
    } catch (IOException | UnsupportedOperationException e) {
      throw new CliException("cannot write key file " + out + ": " + e.getMessage(), e);
    }
    PrintWriter o = spec.commandLine().getOut();
    if (quiet) {
      o.println(publicKey);
    } else if (json) {
      ObjectNode n = Json.object();
      n.put("keyFile", out.toString());
      n.put("publicKey", publicKey);
      o.println(Json.write(n));
    } else {
      o.printf("key file    %s   (keep it secret; pass it as --key-file)%n", out);
      o.printf("public key  %s   ([[genesis.validators]] public_key)%n", publicKey);
    }
    o.flush();
    return 0;
  }
}
