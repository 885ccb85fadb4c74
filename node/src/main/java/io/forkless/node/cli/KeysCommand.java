package io.forkless.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code forkless keys}: a plain parent for key commands ({@code new}, {@code show}); other
 * subcommands (e.g. a keystore) register themselves with {@code addSubcommand}.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Creates and shows account keys.",
    subcommands = {KeysNewCommand.class, KeysShowCommand.class})
public final class KeysCommand implements Runnable {

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: new or show");
  }
}
