package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless tx transfer FROM TO AMOUNT [--memo TEXT]}. */
@Command(
    name = "transfer",
    mixinStandardHelpOptions = true,
    description = {
      "Transfers AMOUNT from FROM to TO, waits until a block includes it and prints its receipt.",
      "With --memo the transaction is a transfer_memo (runtime 1.1.0 and later)."
    })
public final class TransferCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FROM")
  String from = "";

  @Parameters(index = "1", paramLabel = "TO")
  String to = "";

  @Parameters(index = "2", paramLabel = "AMOUNT")
  long amount;

  @Option(names = "--memo", paramLabel = "TEXT", description = "A memo echoed in the receipt.")
  @Nullable String memo;

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    String text =
        (memo == null
                ? "transfer " + from + " " + to + " " + amount
                : "transfer_memo " + from + " " + to + " " + amount + " " + memo)
            // A client tag: ignored by the runtime, it makes a repeated transfer a new transaction.
            + " #"
            + Long.toHexString(System.nanoTime());
    RpcClient client = rpc.client();
    String hash = client.submitText(text);
    JsonNode receipt = client.awaitInclusion(hash, rpc.timeout());
    boolean success = receipt.path("success").asBoolean(false);
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      out.println(Json.write(receipt));
    } else {
      out.println(
          "transaction "
              + hash
              + " included at height "
              + receipt.path("height").asText()
              + ": "
              + (success ? "ok" : "FAILED")
              + (receipt.hasNonNull("message") && !receipt.path("message").asText().isEmpty()
                  ? " (" + receipt.path("message").asText() + ")"
                  : ""));
    }
    out.flush();
    if (!success) {
      throw new CliException(
          "the transfer failed at height "
              + receipt.path("height").asText()
              + ": "
              + receipt.path("message").asText("(no message)"));
    }
    return 0;
  }
}
