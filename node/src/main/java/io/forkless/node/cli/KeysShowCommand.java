package io.forkless.node.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless keys show FILE}: the public key (account) of a key file. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Prints the public key (the account) of a key file; never the secret.")
public final class KeysShowCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "A key file (hex Ed25519 seed).")
  Path file = Path.of("");

  @Option(names = "--json", description = "Print {\"file\":…,\"publicKey\":…}.")
  boolean json;

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    print(spec.commandLine().getOut(), file, AccountKey.readSeed(file, "key file"), json);
    return 0;
  }

  static void print(PrintWriter out, Path file, KeyPair pair, boolean json) {
    if (json) {
      out.println(Json.write(KeysNewCommand.describe(file, pair)));
    } else {
      out.println("public key " + AccountKey.publicKeyHex(pair) + " (" + file + ")");
    }
    out.flush();
  }
}
