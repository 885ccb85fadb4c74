package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.metering.MeteringLimits;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code forkless param}: the governed chain parameters (the metering limits), the values in force
 * and a change waiting for its height; {@code forkless param set} signs and submits a change.
 */
@Command(
    name = "param",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the chain parameters governance can change (the metering limits, the multi-block"
          + " migration budget): the values in force and a pending change with the height it takes"
          + " effect at.",
      "--json prints {\"metering\":…,\"meteringPending\":…,\"migrationKeysPerBlock\":…,"
          + "\"migrationKeysPerBlockPending\":…} from the node's status."
    },
    subcommands = {ParamSetCommand.class})
public final class ParamCommand implements Callable<Integer> {

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    JsonNode status = rpc.client().status();
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      ObjectNode o = Json.object();
      o.put("height", status.path("height").asLong());
      o.set("metering", status.path("metering"));
      o.set("meteringPending", status.path("meteringPending"));
      o.set("migrationKeysPerBlock", status.path("migrationKeysPerBlock"));
      o.set("migrationKeysPerBlockPending", status.path("migrationKeysPerBlockPending"));
      out.println(Json.write(o));
    } else {
      out.print(describe(status));
    }
    out.flush();
    return 0;
  }

  /** One line per parameter: name, value in force, and the pending value when one waits. */
  static String describe(JsonNode status) {
    MeteringLimits now = GovernedParameters.inForce(status);
    Optional<GovernedParameters.Pending> pending = GovernedParameters.pending(status);
    Map<String, Long> nextLimits =
        pending.map(p -> GovernedParameters.fields(p.limits())).orElse(null);
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-25s %20s%s%n",
            "parameter (height " + status.path("height").asText() + ")",
            "in force",
            pending
                .map(p -> String.format(" %20s", "from height " + p.activationHeight()))
                .orElse("")));
    for (Map.Entry<String, Long> e : GovernedParameters.fields(now).entrySet()) {
      String pendingColumn = "";
      if (nextLimits != null) {
        long v = nextLimits.get(e.getKey());
        pendingColumn = String.format(" %20s", v == e.getValue() ? "(same)" : Long.toString(v));
      }
      b.append(
          String.format("%-25s %20d%s%n", "metering." + e.getKey(), e.getValue(), pendingColumn));
    }
    // The migration budget (#16): absent from the status of a node that predates it.
    if (status.path("migrationKeysPerBlock").canConvertToLong()) {
      long budget = GovernedParameters.migrationInForce(status);
      Optional<GovernedParameters.PendingBudget> next = GovernedParameters.migrationPending(status);
      b.append(
          String.format(
              "%-25s %20d%s%n",
              GovernedParameters.MIGRATION_KEYS,
              budget,
              next.map(
                      p ->
                          String.format(
                              " %20s", p.keysPerBlock() + " from height " + p.activationHeight()))
                  .orElse("")));
    }
    if (pending.isEmpty()) {
      b.append("no pending change of the metering limits\n");
    }
    return b.toString();
  }
}
