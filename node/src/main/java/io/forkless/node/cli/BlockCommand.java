package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forkless block [H]}: a block's header, transactions and receipts (the head by default).
 */
@Command(
    name = "block",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a block: height, hash, parent, time, state root, runtime version and code hash, and"
          + " each transaction with its receipt. Without H, the head block.",
      "--json prints the node's block object (docs/rpc.md)."
    })
public final class BlockCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "H",
      description = "The height (default: the head).")
  Long height;

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    RpcClient client = rpc.client();
    long h = height != null ? height : client.status().path("height").asLong();
    if (h < 0) {
      throw new CliException("the height must be >= 0 but was " + h);
    }
    JsonNode block = client.call("forkless_block", RpcClient.params().put("height", h));
    PrintWriter out = spec.commandLine().getOut();
    out.print(rpc.json ? Json.write(block) + System.lineSeparator() : describe(block));
    out.flush();
    return 0;
  }

  static String describe(JsonNode b) {
    StringBuilder s = new StringBuilder();
    line(s, "height", b.path("height").asText());
    line(s, "hash", b.path("hash").asText());
    line(s, "parent", b.path("parentHash").asText());
    line(s, "time", Instant.ofEpochMilli(b.path("timestampMillis").asLong()).toString());
    line(s, "state root", b.path("stateRoot").asText());
    line(
        s,
        "runtime",
        b.path("runtimeVersion").asText() + "  code hash " + b.path("codeHash").asText());
    JsonNode txs = b.path("transactions");
    JsonNode receipts = b.path("receipts");
    line(s, "txs", String.valueOf(txs.size()));
    for (int i = 0; i < txs.size(); i++) {
      JsonNode tx = txs.get(i);
      JsonNode r = receipts.path(i);
      s.append(
          String.format(
              "  %s %-7s %-6s %s%n",
              tx.path("hash").asText(),
              tx.path("kind").asText(),
              r.path("success").asBoolean() ? "ok" : "FAILED",
              r.path("message").asText()));
    }
    return s.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("%-11s %s%n", label, value));
  }
}
