package io.forkless.node.cli;

import picocli.CommandLine.Command;

/** {@code forkless tx}: runtime transactions. */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Submits runtime transactions.",
    subcommands = {TransferCommand.class, LoadCommand.class})
public final class TxCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: transfer or load");
  }
}
