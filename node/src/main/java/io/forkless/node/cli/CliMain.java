package io.forkless.node.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The client commands alone under a {@code forkless} command, for running and testing them without
 * the node ({@code io.forkless.node.Forkless} registers them through {@link ClientCommands}).
 */
@Command(
    name = "forkless",
    mixinStandardHelpOptions = true,
    description = "Forkless client commands.")
public final class CliMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** The command line with every client command, printing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new CliMain());
    ClientCommands.all().forEach(cli::addSubcommand);
    cli.setExecutionExceptionHandler(ClientCommands.exceptionHandler());
    cli.setOut(out);
    cli.setErr(err);
    return cli;
  }

  public static void main(String[] args) {
    int code =
        commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
            .execute(args);
    System.exit(code);
  }
}
