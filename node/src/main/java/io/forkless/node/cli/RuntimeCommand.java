package io.forkless.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code forkless runtime}: offline tools for runtime and migration-plugin JARs. */
@Command(
    name = "runtime",
    mixinStandardHelpOptions = true,
    description = "Offline tools for runtime and migration-plugin JARs.",
    subcommands = {RuntimeInspectCommand.class})
public final class RuntimeCommand implements Runnable {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: inspect");
  }
}
