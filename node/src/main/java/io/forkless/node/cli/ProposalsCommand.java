package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code forkless proposals}: every upgrade proposal on chain, one line each, newest first. */
@Command(
    name = "proposals",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the upgrade proposals on chain, newest first: id, state, version, tally and key"
          + " height.",
      "--json prints the node's forkless_proposals object (docs/rpc.md)."
    })
public final class ProposalsCommand implements Callable<Integer> {

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    JsonNode result = rpc.client().call("forkless_proposals", RpcClient.params());
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      out.println(Json.write(result));
    } else {
      out.print(describe(result.path("proposals")));
    }
    out.flush();
    return 0;
  }

  static String describe(JsonNode proposals) {
    if (proposals.isEmpty()) {
      return "no upgrade proposals on chain yet (propose one with 'forkless propose')"
          + System.lineSeparator();
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-5s %-12s %-9s %-16s %-20s %s%n",
            "ID", "STATE", "VERSION", "YES/NO/TOTAL", "WHEN", "TITLE"));
    for (int i = proposals.size() - 1; i >= 0; i--) {
      JsonNode p = proposals.get(i);
      b.append(
          String.format(
              "%-5s %-12s %-9s %-16s %-20s %s%n",
              "#" + p.path("id").asText(),
              p.path("state").asText(),
              p.path("version").asText(),
              p.path("yesStake").asText()
                  + "/"
                  + p.path("noStake").asText()
                  + "/"
                  + p.path("totalStake").asText(),
              when(p),
              p.path("title").asText()));
    }
    return b.toString();
  }

  /** The height that matters in the proposal's state. */
  static String when(JsonNode p) {
    switch (p.path("state").asText()) {
      case "PROPOSED":
        return "voting ends " + p.path("votingEndsHeight").asText();
      case "SCHEDULED":
        return "activates " + p.path("activationHeight").asText();
      case "EXECUTED":
      case "FAILED":
      case "ROLLED_BACK":
        return "activation " + p.path("activationHeight").asText();
      default:
        return "proposed " + p.path("proposedHeight").asText();
    }
  }
}
