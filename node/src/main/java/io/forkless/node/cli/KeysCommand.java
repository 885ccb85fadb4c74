package io.forkless.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code forkless keys}: make keys offline (JAR signing keystores, validator keys). */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Offline: make JAR-signing keystores and validator keys.",
    subcommands = {KeysSigningCommand.class, KeysValidatorCommand.class})
public final class KeysCommand implements Runnable {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: signing, validator");
  }
}
