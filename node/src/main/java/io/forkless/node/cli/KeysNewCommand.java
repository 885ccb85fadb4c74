package io.forkless.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.governance.Ed25519;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code forkless keys new --out FILE}: a fresh Ed25519 account key. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a fresh Ed25519 seed (hex) to FILE, readable by you only, and prints the public key:"
          + " the account's identity (name it in [genesis.runtime], send to it, sign with --key"
          + " FILE). Refuses to overwrite an existing file."
    })
public final class KeysNewCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The key file.")
  Path out = Path.of("");

  @Option(names = "--json", description = "Print {\"file\":…,\"publicKey\":…}.")
  boolean json;

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    byte[] seed = SeedFile.createNew(out);
    KeyPair pair = Ed25519.fromSeed(seed);
    KeysShowCommand.print(spec.commandLine().getOut(), out, pair, json);
    return 0;
  }

  static ObjectNode describe(Path file, KeyPair pair) {
    ObjectNode o = Json.object();
    o.put("file", file.toString());
    o.put("publicKey", AccountKey.publicKeyHex(pair));
    return o;
  }
}
