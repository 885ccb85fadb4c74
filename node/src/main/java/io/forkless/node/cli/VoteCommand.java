package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forkless vote ID --yes|--no --key NAME}: one validator's stake-weighted vote, signed by
 * that validator's key alone.
 */
@Command(
    name = "vote",
    mixinStandardHelpOptions = true,
    description = {
      "Votes on an open upgrade proposal. One vote is signed by one key: --key names the one"
          + " validator voting, and the vote counts that validator's stake only.",
      "Every other validator votes with its own key, in its own 'forkless vote'."
    })
public final class VoteCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ID", description = "The proposal id.")
  long proposalId;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Choice choice = new Choice();

  static final class Choice {
    @Option(names = "--yes", required = true, description = "Approve.")
    boolean yes;

    @Option(names = "--no", required = true, description = "Reject.")
    boolean no;
  }

  @Mixin Signers signers = new Signers();

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    if (signers.names.size() != 1) {
      throw new CliException(
          "one vote is signed by one key: pass --key once, for the validator who votes (got "
              + signers.names
              + "); every other validator votes with its own key in its own 'forkless vote'");
    }
    RpcClient client = rpc.client();
    JsonNode status = client.status();
    GovernanceAction.VoteUpgrade vote =
        new GovernanceAction.VoteUpgrade(proposalId, signers.first(), choice.yes);
    SignedGovernanceTx tx = GovernanceSubmission.sign(status, vote, signers.resolve(status));
    JsonNode receipt = GovernanceSubmission.submitAndAwait(client, tx, rpc.timeout());
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        rpc.json
            ? Json.write(receipt)
            : signers.first()
                + "'s vote, signed by "
                + signers.first()
                + "'s key only: "
                + receipt.path("message").asText());
    out.flush();
    return 0;
  }
}
