package io.forkless.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code forkless keys}: make and show keys offline: account keys ({@code new}, {@code show}), JAR
 * signing keystores ({@code signing}) and validator keys ({@code validator}).
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Offline: make account keys, JAR-signing keystores and validator keys.",
    subcommands = {
      KeysNewCommand.class,
      KeysShowCommand.class,
      KeysSigningCommand.class,
      KeysValidatorCommand.class
    })
public final class KeysCommand implements Runnable {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: new, show, signing or validator");
  }
}
