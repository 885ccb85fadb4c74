package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.HashCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless code}: runtime and plugin code on chain. */
@Command(
    name = "code",
    mixinStandardHelpOptions = true,
    description = "Runtime and migration-plugin code on chain.",
    subcommands = {CodeCommand.Status.class})
public final class CodeCommand implements Runnable {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: status");
  }

  /** {@code forkless code status HASH}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "What the chain holds of a code hash: bytes uploaded, complete (hash checked), whether the"
              + " open proposal names it, the heights of its first and last chunk.")
  public static final class Status implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HASH", description = "The code hash (SHA-256, hex).")
    String hash = "";

    @Mixin RpcOptions rpc = new RpcOptions();

    @Spec CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() {
      HashCode h;
      try {
        h = HashCode.fromString(hash.toLowerCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CliException("HASH must be 64 hex digits but was \"" + hash + "\"", e);
      }
      JsonNode c = CodeUploads.status(rpc.client(), h);
      PrintWriter out = spec.commandLine().getOut();
      if (rpc.json) {
        out.println(Json.write(c));
      } else {
        out.println("code " + c.path("hash").asText());
        if (!c.path("present").asBoolean()) {
          out.println("  not on chain");
        } else {
          out.println(
              "  "
                  + (c.path("complete").asBoolean() ? "complete" : "uploading")
                  + ": "
                  + c.path("received").asLong()
                  + " of "
                  + c.path("declaredSize").asLong()
                  + " bytes in "
                  + c.path("chunks").asInt()
                  + " chunks, heights "
                  + c.path("firstHeight").asLong()
                  + ".."
                  + c.path("lastHeight").asLong());
          if (!c.path("unreferencedSince").isNull()) {
            out.println(
                "  unreferenced since height "
                    + c.path("unreferencedSince").asLong()
                    + " (pruned after "
                    + c.path("parameters").path("pruneAfterBlocks").asLong()
                    + " blocks)");
          }
        }
        out.println("  named by the open proposal: " + c.path("namedByOpenProposal").asBoolean());
      }
      out.flush();
      return c.path("complete").asBoolean() ? 0 : 1;
    }
  }
}
