package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless proposal ID}: one proposal in full, with its tally against the thresholds. */
@Command(
    name = "proposal",
    mixinStandardHelpOptions = true,
    description = {
      "Shows one upgrade proposal: title, version, code hash, migrations, state, tally against the"
          + " quorum and approval thresholds, and its heights.",
      "--json prints the node's proposal object (docs/rpc.md)."
    })
public final class ProposalCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ID", description = "The proposal id.")
  long id;

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    if (id < 0) {
      throw new CliException("the proposal id must be >= 0 but was " + id);
    }
    RpcClient client = rpc.client();
    JsonNode p = client.call("forkless_proposal", RpcClient.params().put("id", id));
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      out.println(Json.write(p));
    } else {
      long head = client.status().path("height").asLong();
      out.print(describe(p, head));
    }
    out.flush();
    return 0;
  }

  static String describe(JsonNode p, long head) {
    StringBuilder b = new StringBuilder();
    line(b, "proposal", "#" + p.path("id").asText() + " \"" + p.path("title").asText() + "\"");
    line(b, "proposer", p.path("proposer").asText());
    if (!p.path("description").asText().isEmpty()) {
      line(b, "about", p.path("description").asText());
    }
    line(b, "runtime", p.path("version").asText() + "  code hash " + p.path("codeHash").asText());
    JsonNode migrations = p.path("migrations");
    if (migrations.isEmpty()) {
      line(b, "migrations", "none");
    }
    for (JsonNode m : migrations) {
      line(b, "migration", m.path("name").asText() + "  code hash " + m.path("codeHash").asText());
    }
    line(b, "state", p.path("state").asText());
    long yes = p.path("yesStake").asLong();
    long no = p.path("noStake").asLong();
    long total = p.path("totalStake").asLong();
    line(b, "tally", "yes " + yes + ", no " + no + " of " + total + " stake");
    if (p.has("quorumThreshold")) {
      line(
          b,
          "thresholds",
          "quorum "
              + p.path("quorumThreshold").asText()
              + " of all stake must vote ("
              + (yes + no)
              + " voted), approval "
              + p.path("approvalThreshold").asText()
              + " of the votes must be yes");
    }
    line(b, "proposed", "at height " + p.path("proposedHeight").asText());
    line(
        b,
        "voting",
        "ends at height "
            + p.path("votingEndsHeight").asText()
            + until(p, "votingEndsHeight", head, "PROPOSED"));
    if (p.hasNonNull("activationHeight")) {
      line(
          b,
          "activation",
          "at height "
              + p.path("activationHeight").asText()
              + until(p, "activationHeight", head, "SCHEDULED"));
    }
    if (!p.path("reason").asText().isEmpty()) {
      line(b, "reason", p.path("reason").asText());
    }
    PrecheckLines.append(b, p.path("precheck"));
    return b.toString();
  }

  private static String until(JsonNode p, String field, long head, String whileState) {
    if (!p.path("state").asText().equals(whileState)) {
      return "";
    }
    long left = p.path(field).asLong() - head;
    return left > 0 ? " (in " + left + " blocks; head " + head + ")" : "";
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("%-11s %s%n", label, value));
  }
}
