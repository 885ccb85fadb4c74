package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code forkless events [--follow]}: the node's recent chain events, optionally as they come. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the node's recent events, oldest first: proposals proposed, scheduled, executed,"
          + " failed, rejected, expired, cancelled and rolled back; pauses, resumes and halts.",
      "--follow keeps printing new events until interrupted (Ctrl-C).",
      "--json prints one event object per line."
    })
public final class EventsCommand implements Callable<Integer> {

  /** How often --follow asks the node. */
  static final Duration FOLLOW_INTERVAL = Duration.ofMillis(500);

  @Option(names = "--follow", description = "Keep printing new events until interrupted.")
  boolean follow;

  @Option(
      names = "--since",
      paramLabel = "SEQ",
      defaultValue = "0",
      description = "Only events after this sequence number (default: all the node keeps).")
  long since;

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    if (since < 0) {
      throw new CliException("--since must be >= 0 but was " + since);
    }
    RpcClient client = rpc.client();
    PrintWriter out = spec.commandLine().getOut();
    long last = since;
    boolean any = false;
    while (true) {
      JsonNode result = client.call("forkless_events", RpcClient.params().put("since", last));
      for (JsonNode e : result.path("events")) {
        out.println(rpc.json ? Json.write(e) : describe(e));
        any = true;
      }
      out.flush();
      last = result.path("lastSeq").asLong(last);
      if (result.path("more").asBoolean()) {
        continue;
      }
      if (!follow) {
        break;
      }
      RpcClient.pause(FOLLOW_INTERVAL);
    }
    if (!any && !rpc.json && !follow) {
      out.println("no events yet");
      out.flush();
    }
    return 0;
  }

  static String describe(JsonNode e) {
    return String.format(
        "%-6s %s  height %-8s %-11s %s",
        "#" + e.path("seq").asText(),
        Instant.ofEpochMilli(e.path("timeMillis").asLong()),
        e.path("height").asText(),
        e.path("kind").asText().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
        e.path("message").asText());
  }
}
