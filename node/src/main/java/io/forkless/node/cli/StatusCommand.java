package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code forkless status}: the node's head, runtime, pending upgrade, snapshots, pause state. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the node's height, runtime version and code hash, state root, pending upgrade (votes"
          + " and activation height), snapshots, and whether block production is paused.",
      "--json prints the node's status object (docs/rpc.md)."
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    JsonNode status = rpc.client().status();
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      out.println(Json.write(status));
    } else {
      out.print(describe(status));
    }
    out.flush();
    return 0;
  }

  /** The human-readable status. */
  public static String describe(JsonNode s) {
    StringBuilder b = new StringBuilder();
    line(b, "chain", s.path("chainId").asText() + (s.path("dev").asBoolean() ? " (dev)" : ""));
    line(b, "height", s.path("height").asText() + "  head " + s.path("headHash").asText());
    line(
        b,
        "runtime",
        s.path("runtimeVersion").asText() + "  code hash " + s.path("codeHash").asText());
    line(b, "state root", s.path("stateRoot").asText());
    boolean paused = s.path("paused").asBoolean();
    line(
        b,
        "paused",
        paused ? "yes (" + s.path("pausedReason").asText("no reason given") + ")" : "no");
    if (s.hasNonNull("halted")) {
      line(b, "HALTED", s.path("halted").asText());
    }
    for (JsonNode warning : s.path("warnings")) {
      line(b, "WARNING", warning.asText());
    }
    line(
        b,
        "snapshots",
        s.path("snapshots").asText() + " (max " + s.path("maxSnapshots").asText("?") + ")");
    line(
        b,
        "governance",
        "timelock "
            + s.path("timelockDelay").asText("?")
            + " blocks, voting period "
            + s.path("votingPeriod").asText("?")
            + " blocks, quorum "
            + s.path("quorumThreshold").asText("?")
            + ", approval "
            + s.path("approvalThreshold").asText("?"));
    line(b, "mempool", s.path("mempoolSize").asText() + " transactions");
    JsonNode m = s.path("metering");
    if (!m.isMissingNode()) {
      line(
          b,
          "limits",
          m.path("txSteps").asText()
              + " steps/tx, "
              + m.path("blockSteps").asText()
              + " steps/block, depth "
              + m.path("maxCallDepth").asText()
              + ", "
              + m.path("txMemoryBytes").asText()
              + " bytes/tx");
    }
    JsonNode next = s.path("meteringPending");
    if (next.isObject()) {
      line(
          b,
          "",
          "from height "
              + next.path("activationHeight").asText()
              + ": "
              + next.path("txSteps").asText()
              + " steps/tx, "
              + next.path("blockSteps").asText()
              + " steps/block, depth "
              + next.path("maxCallDepth").asText()
              + ", "
              + next.path("txMemoryBytes").asText()
              + " bytes/tx (governance)");
    }
    if (s.path("migrationKeysPerBlock").canConvertToLong()) {
      JsonNode budgetNext = s.path("migrationKeysPerBlockPending");
      line(
          b,
          "budget",
          "migrations "
              + s.path("migrationKeysPerBlock").asText()
              + " keys/block"
              + (budgetNext.isObject()
                  ? ", "
                      + budgetNext.path("keysPerBlock").asText()
                      + " from height "
                      + budgetNext.path("activationHeight").asText()
                      + " (governance)"
                  : ""));
    }
    JsonNode migration = s.path("migration");
    if (!migration.isMissingNode() && !migration.isNull()) {
      line(b, "migrating", io.forkless.node.rpc.MigrationJson.describe(migration));
    }
    JsonNode p = s.path("pendingUpgrade");
    if (p.isMissingNode() || p.isNull()) {
      line(b, "upgrade", "none pending");
    } else {
      line(
          b,
          "upgrade",
          "#"
              + p.path("id").asText()
              + " to "
              + p.path("version").asText()
              + " "
              + p.path("state").asText()
              + ": yes "
              + p.path("yesStake").asText()
              + ", no "
              + p.path("noStake").asText()
              + " of "
              + p.path("totalStake").asText()
              + " stake; "
              + (p.hasNonNull("activationHeight")
                  ? "activates at height " + p.path("activationHeight").asText()
                  : "voting ends at height " + p.path("votingEndsHeight").asText()));
      PrecheckLines.append(b, p.path("precheck"));
    }
    JsonNode net = s.path("network");
    if (!net.isMissingNode() && !net.isNull()) {
      line(
          b,
          "network",
          "validator "
              + net.path("nodeId").asText()
              + " ("
              + net.path("role").asText()
              + "), leader "
              + net.path("leader").asText("none")
              + ", term "
              + net.path("term").asText()
              + ", commit index "
              + net.path("commitIndex").asText()
              + ", majority "
              + net.path("majority").asText()
              + " of "
              + net.path("peers").size());
      for (JsonNode peer : net.path("peers")) {
        line(
            b,
            "  " + peer.path("id").asText(),
            (peer.hasNonNull("height")
                    ? "height "
                        + peer.path("height").asText()
                        + ", lag "
                        + peer.path("lag").asText()
                    : "not answering")
                + (peer.path("halted").asBoolean() ? ", HALTED" : "")
                + "  "
                + peer.path("address").asText());
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("%-11s %s%n", label, value));
  }
}
