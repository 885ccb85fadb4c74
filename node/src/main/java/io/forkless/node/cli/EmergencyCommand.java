package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.SignedGovernanceTx;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The emergency actions: signed together by validators holding at least the approval threshold of
 * the stake (repeat {@code --key}), each bound to the chain's current emergency nonce (from {@code
 * forkless_status}) so it can be used once. All are host transactions in blocks; a rollback is
 * submitted through {@code forkless_rollback}, which checks it against the chain's retained
 * upgrades first and queues it ahead of other transactions.
 */
public final class EmergencyCommand {

  private EmergencyCommand() {}

  /** The common part: sign the emergency action and submit it. */
  abstract static class Base implements Callable<Integer> {

    @Mixin Signers signers = new Signers();

    @Mixin RpcOptions rpc = new RpcOptions();

    @Spec CommandSpec spec = CommandSpec.create();

    abstract EmergencyKind kind();

    /** The proposal the action targets; 0 for pause and resume. */
    long target() {
      return 0;
    }

    @Override
    public Integer call() {
      RpcClient client = rpc.client();
      JsonNode status = client.status();
      if (!status.path("emergencyNonce").canConvertToLong()) {
        throw new CliException("the node's status has no emergencyNonce: " + status);
      }
      GovernanceAction.Emergency action =
          new GovernanceAction.Emergency(kind(), target(), status.path("emergencyNonce").asLong());
      SignedGovernanceTx tx = GovernanceSubmission.sign(status, action, signers.resolve(status));
      PrintWriter out = spec.commandLine().getOut();
      out.println(submit(client, tx));
      out.flush();
      return 0;
    }

    /** Submits and returns the line to print. */
    String submit(RpcClient client, SignedGovernanceTx tx) {
      JsonNode receipt = GovernanceSubmission.submitAndAwait(client, tx, rpc.timeout());
      return rpc.json ? Json.write(receipt) : receipt.path("message").asText();
    }
  }

  /** {@code forkless cancel ID}. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancels an open or scheduled upgrade proposal (emergency, multi-signed).")
  public static final class Cancel extends Base {
    @Parameters(index = "0", paramLabel = "ID", description = "The proposal to cancel.")
    long proposalId;

    @Override
    EmergencyKind kind() {
      return EmergencyKind.CANCEL;
    }

    @Override
    long target() {
      return proposalId;
    }
  }

  /** {@code forkless pause}. */
  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pauses block production (emergency, multi-signed).")
  public static final class Pause extends Base {
    @Override
    EmergencyKind kind() {
      return EmergencyKind.PAUSE;
    }
  }

  /** {@code forkless resume}. */
  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resumes block production (emergency, multi-signed).")
  public static final class Resume extends Base {
    @Override
    EmergencyKind kind() {
      return EmergencyKind.RESUME;
    }
  }

  /** {@code forkless rollback ID}. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = {
        "Rolls the last executed upgrade back to the previous runtime (emergency, multi-signed).",
        "The rollback moves forward: the next block sets the state to that before the activation"
            + " and re-activates the previous runtime; the transactions of the blocks since the"
            + " activation are executed again in the following blocks. No block is reverted.",
        "Waits until a block includes it and prints its receipt."
      })
  public static final class Rollback extends Base {
    @Parameters(index = "0", paramLabel = "ID", description = "The executed upgrade's proposal.")
    long proposalId;

    @Override
    EmergencyKind kind() {
      return EmergencyKind.ROLLBACK;
    }

    @Override
    long target() {
      return proposalId;
    }

    @Override
    String submit(RpcClient client, SignedGovernanceTx tx) {
      var params = RpcClient.params();
      params.put("tx", HexFormat.of().formatHex(tx.encode()));
      // The node checks the rollback against its chain state and queues it first.
      JsonNode queued = client.call("forkless_rollback", params);
      JsonNode included = client.awaitInclusion(queued.path("hash").asText(), rpc.timeout());
      if (!included.path("success").asBoolean(false)) {
        throw new CliException(
            "rollback of proposal "
                + proposalId
                + " failed at height "
                + included.path("height").asText()
                + ": "
                + included.path("message").asText("(no message)"));
      }
      if (rpc.json) {
        return Json.write(included);
      }
      return "rolled back proposal "
          + proposalId
          + " at height "
          + included.path("height").asText()
          + ": "
          + included.path("message").asText();
    }
  }
}
