package io.forkless.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.governance.Ed25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
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
    byte[] seed = new byte[Ed25519.KEY_LENGTH];
    new SecureRandom().nextBytes(seed);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          out,
          HexFormat.of().formatHex(seed) + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      try {
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the file keeps the default permissions.
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliException(
          out + " already exists: choose another --out (keys are never overwritten)");
    } catch (IOException e) {
      throw new CliException("cannot write " + out + ": " + e.getMessage(), e);
    }
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
