package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.governance.Threshold;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.StepBudget;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forkless param set metering.txSteps=5000000 … --key A --key B} (or {@code
 * migration.keysPerBlock=N}, the multi-block migration budget): the governed {@code
 * ChangeParameter} host transaction (wire kind 4), signed together by validators holding the
 * approval threshold of the stake and bound to the chain's emergency nonce, submitted, and waited
 * for. Fields not named keep their value: the pending change's when one waits (the new change
 * replaces it), else the value in force.
 */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = {
      "Changes chain parameters by governance: signed together by validators holding the approval"
          + " threshold of the stake (repeat --key), bound to the chain's emergency nonce, taking"
          + " effect at --at HEIGHT, at least the timelock after the block that includes it.",
      "Fields not named keep their value: a pending change's when one waits (this change"
          + " replaces it), else the value in force.",
      "Waits until a block includes it and prints its receipt."
    })
public final class ParamSetCommand implements Callable<Integer> {

  /**
   * Blocks the default {@code --at} leaves for the transaction to be included: the node refuses a
   * change whose height is less than the timelock after its including block, and a dev chain makes
   * a block every 100 ms or so.
   */
  static final long INCLUSION_MARGIN = 20;

  @Parameters(
      arity = "1..*",
      paramLabel = "NAME=VALUE",
      description =
          "e.g. metering.txSteps=5000000 or migration.keysPerBlock=20000 (see `forkless param`"
              + " for the names; one parameter per command).")
  List<String> assignments = new ArrayList<>();

  @Option(
      names = "--at",
      paramLabel = "HEIGHT",
      description =
          "The height the change takes effect at (default: the node's height + its timelock +"
              + " 20, leaving 20 blocks for the transaction to be included).")
  @Nullable Long at;

  @Mixin Signers signers = new Signers();

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    RpcClient client = rpc.client();
    JsonNode status = client.status();
    Change change =
        GovernedParameters.changesMigrationBudget(assignments)
            ? migrationChange(status)
            : meteringChange(status);
    checkSigners(status);
    long height = status.path("height").asLong();
    long timelock = status.path("timelockDelay").asLong(0);
    long activation = at != null ? at : height + timelock + INCLUSION_MARGIN;
    if (activation < height + 1 + timelock) {
      throw new CliException(
          "--at "
              + activation
              + " is too early: a change takes effect at least the timelock ("
              + timelock
              + " blocks) after the block that includes it, so at height "
              + (height + 1 + timelock)
              + " or later");
    }
    if (!status.path("emergencyNonce").canConvertToLong()) {
      throw new CliException("the node's status has no emergencyNonce: " + status);
    }
    GovernanceAction.ChangeParameter action =
        new GovernanceAction.ChangeParameter(
            change.name(), change.value(), activation, status.path("emergencyNonce").asLong());
    List<NamedKey> keys = signers.resolve(status);
    SignedGovernanceTx tx = GovernanceSubmission.sign(status, action, keys);
    JsonNode receipt = GovernanceSubmission.submitAndAwait(client, tx, rpc.timeout());
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      out.println(Json.write(receipt));
    } else {
      out.println(
          receipt.path("message").asText()
              + " (included at height "
              + receipt.path("height").asText()
              + "): "
              + change.description());
    }
    out.flush();
    return 0;
  }

  /** One governed parameter's new value and how it differs, in words. */
  private record Change(String name, byte[] value, String description) {}

  private Change meteringChange(JsonNode status) {
    Optional<GovernedParameters.Pending> pending = GovernedParameters.pending(status);
    MeteringLimits base =
        pending.map(GovernedParameters.Pending::limits).orElse(GovernedParameters.inForce(status));
    MeteringLimits limits = GovernedParameters.apply(base, assignments);
    return new Change(
        MeteringParameters.NAME,
        limits.encode(),
        changes(GovernedParameters.inForce(status), limits)
            + pending
                .map(p -> "; replaces the change pending for height " + p.activationHeight())
                .orElse(""));
  }

  private Change migrationChange(JsonNode status) {
    StepBudget budget = GovernedParameters.migrationBudget(assignments);
    long now = GovernedParameters.migrationInForce(status);
    return new Change(
        MigrationParameters.NAME,
        MigrationParameters.encode(budget),
        (now == budget.keysPerBlock()
                ? "no value differs from the one in force"
                : GovernedParameters.MIGRATION_KEYS + " " + now + " -> " + budget.keysPerBlock())
            + GovernedParameters.migrationPending(status)
                .map(p -> "; replaces the change pending for height " + p.activationHeight())
                .orElse(""));
  }

  /**
   * Refuses names that are not the chain's validators and signers that together hold less than the
   * approval threshold, before anything is signed or sent.
   */
  private void checkSigners(JsonNode status) {
    List<String> validators = new ArrayList<>();
    long total = 0;
    long signed = 0;
    for (JsonNode v : status.path("validators")) {
      validators.add(v.path("name").asText());
      total += v.path("stake").asLong();
      if (signers.names.contains(v.path("name").asText())) {
        signed += v.path("stake").asLong();
      }
    }
    for (String name : signers.names) {
      if (!validators.contains(name)) {
        throw new CliException(
            "--key " + name + " is not a validator of this chain; validators: " + validators);
      }
    }
    String threshold = status.path("approvalThreshold").asText("");
    if (!threshold.isEmpty() && !meets(signed, total, threshold)) {
      throw new CliException(
          "a parameter change needs signatures from validators holding at least "
              + threshold
              + " of the stake ("
              + total
              + "); "
              + String.join(", ", signers.names)
              + " hold "
              + signed
              + ": add --key for more validators");
    }
  }

  /** {@code signed >= threshold × total}, exactly; true when the text is not a decimal. */
  static boolean meets(long signed, long total, String threshold) {
    try {
      return Threshold.parse(threshold).isMetBy(signed, total);
    } catch (IllegalArgumentException e) {
      return true; // e.g. "2/3": the node decides
    }
  }

  private static String changes(MeteringLimits before, MeteringLimits after) {
    Map<String, Long> old = GovernedParameters.fields(before);
    List<String> parts = new ArrayList<>();
    GovernedParameters.fields(after)
        .forEach(
            (name, value) -> {
              if (!value.equals(old.get(name))) {
                parts.add("metering." + name + " " + old.get(name) + " -> " + value);
              }
            });
    return parts.isEmpty() ? "no value differs from the one in force" : String.join(", ", parts);
  }
}
