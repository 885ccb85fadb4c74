package io.forkless.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forkless runtime inspect JAR}: offline, the verdict the node would reach on a runtime or
 * migration-plugin JAR, with every problem. Exit code 0 only when the node would accept it.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Offline: prints a runtime or migration-plugin JAR's version, code hash and signer, and the"
          + " node's verdict with every problem (archive shape, signature, trust, class placement,"
          + " bytecode verifier, loading).",
      "Exits 0 only when the node would accept the JAR. Needs --truststore FILE or --dev."
    })
public final class RuntimeInspectCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "JAR",
      description = "The JAR to inspect (or --from-chain HASH).")
  @Nullable Path jar;

  @Option(
      names = "--from-chain",
      paramLabel = "HASH",
      description = "Inspect the code with this hash as the chain holds it (read over --rpc).")
  @Nullable String fromChain;

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      defaultValue = RpcOptions.DEFAULT_RPC,
      description = "With --from-chain: the node's JSON-RPC URL (default: ${DEFAULT-VALUE}).")
  String rpcUrl = RpcOptions.DEFAULT_RPC;

  @Option(
      names = "--expect-hash",
      paramLabel = "HASH",
      description = "The code hash (SHA-256, hex) the JAR must have, e.g. the approved one.")
  @Nullable String expectHash;

  @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
  boolean json;

  @Mixin TrustOptions trust = new TrustOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    if ((jar == null) == (fromChain == null)) {
      throw new CliException("give either a JAR file or --from-chain HASH");
    }
    if (fromChain != null) {
      Path copy = fromChainCopy(fromChain);
      try {
        jar = copy;
        if (expectHash == null) {
          expectHash = fromChain;
        }
        return inspect(copy);
      } finally {
        try {
          java.nio.file.Files.deleteIfExists(copy);
        } catch (java.io.IOException e) {
          // A temporary file left behind is harmless.
        }
      }
    }
    return inspect(jar);
  }

  /** The chain's copy of the code {@code hash}, in a temporary file. */
  private Path fromChainCopy(String hash) {
    HashCode h;
    try {
      h = HashCode.fromString(hash.strip().toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException("--from-chain must be 64 hex characters but was " + hash, e);
    }
    com.fasterxml.jackson.databind.node.ObjectNode p = RpcClient.params();
    p.put("hash", h.toString()).put("withBytes", true);
    byte[] bytes =
        HashCode.fromString(RpcClient.text(RpcClient.of(rpcUrl).call("forkless_code", p), "bytes"))
            .asBytes();
    try {
      Path file = java.nio.file.Files.createTempFile("forkless-code-" + h, ".jar");
      java.nio.file.Files.write(file, bytes);
      return file;
    } catch (java.io.IOException e) {
      throw new CliException("cannot write the chain's code to a temporary file: " + e, e);
    }
  }

  private Integer inspect(Path jar) {
    HashCode expected = parseExpected();
    JarChecks.Result result = new JarChecks(trust.anchors()).inspect(jar);
    List<String> problems = new ArrayList<>();
    if (expected != null && !result.inspection().codeHash().map(expected::equals).orElse(false)) {
      problems.add(
          "code hash mismatch: the file's SHA-256 is "
              + result.inspection().codeHash().map(HashCode::toString).orElse("unknown")
              + " but --expect-hash is "
              + expected);
    }
    problems.addAll(result.problems());
    boolean accepted = problems.isEmpty();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = Json.object();
      o.put("jar", jar.toString());
      o.put("kind", result.kind().name());
      o.put("version", result.version().orElse(null));
      result.pluginId().ifPresent(id -> o.put("pluginId", id));
      o.put("codeHash", result.inspection().codeHash().map(HashCode::toString).orElse(null));
      o.put("signer", result.inspection().signerSubject().orElse(null));
      result.migrations().forEach(o.putArray("migrations")::add);
      o.put("accepted", accepted);
      problems.forEach(o.putArray("problems")::add);
      out.println(Json.write(o));
    } else {
      out.printf("jar        %s%n", jar);
      out.printf("kind       %s%n", result.kind().name().toLowerCase(java.util.Locale.ROOT));
      result.pluginId().ifPresent(id -> out.printf("plugin     %s%n", id));
      out.printf("version    %s%n", result.version().orElse("(not readable)"));
      out.printf(
          "code hash  %s%n",
          result.inspection().codeHash().map(HashCode::toString).orElse("(not readable)"));
      out.printf("signer     %s%n", result.inspection().signerSubject().orElse("(none)"));
      if (!result.migrations().isEmpty()) {
        out.printf("migrations %s%n", String.join(", ", result.migrations()));
      }
      if (accepted) {
        out.println("verdict    ACCEPTED: the node would load this JAR");
      } else {
        out.printf("verdict    REJECTED: %d problem(s)%n", problems.size());
        problems.forEach(p -> out.println("  - " + p));
      }
    }
    out.flush();
    if (!accepted) {
      throw new CliException(
          "the node would refuse " + jar + ": " + problems.size() + " problem(s), listed above");
    }
    return 0;
  }

  private @Nullable HashCode parseExpected() {
    String text = expectHash;
    if (text == null) {
      return null;
    }
    try {
      HashCode hash = HashCode.fromString(text.strip().toLowerCase(java.util.Locale.ROOT));
      if (hash.bits() != 256) {
        throw new IllegalArgumentException("not 64 hex characters");
      }
      return hash;
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "--expect-hash must be a SHA-256 hash (64 hex characters) but was " + text);
    }
  }
}
