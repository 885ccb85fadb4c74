package io.forkless.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code forkless tx}: runtime transactions. */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Submits runtime transactions.",
    subcommands = {
      TransferCommand.class,
      StakeCommand.Stake.class,
      StakeCommand.Unstake.class,
      SubmitCommand.class,
      LoadCommand.class
    })
public final class TxCommand implements Runnable {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: transfer, stake, unstake, submit or load");
  }
}
