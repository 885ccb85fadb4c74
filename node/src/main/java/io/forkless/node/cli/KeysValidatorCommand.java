package io.forkless.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.io.BaseEncoding;
import io.forkless.host.governance.Ed25519;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    byte[] seed = SeedFile.createNew(out);
    String publicKey =
        BaseEncoding.base16()
            .lowerCase()
            .encode(Ed25519.rawPublicKey(Ed25519.fromSeed(seed).getPublic()));
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
