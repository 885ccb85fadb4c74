package io.forkless.node.cli;

import java.util.List;

/**
 * The client commands, for the top-level {@code forkless} command to register:
 *
 * <pre>
 * CommandLine cli = new CommandLine(new Forkless());
 * ClientCommands.all().forEach(cli::addSubcommand);
 * </pre>
 *
 * Each command prints to its {@code CommandLine}'s out and err writers and fails with a {@link
 * CliException}: register {@link #exceptionHandler()} to print it as one line and exit with 1.
 */
public final class ClientCommands {

  private ClientCommands() {}

  /** New instances of every client command (each annotated with its name). */
  public static List<Object> all() {
    return List.of(
        new StatusCommand(),
        new ProposalsCommand(),
        new ProposalCommand(),
        new BlockCommand(),
        new EventsCommand(),
        new RuntimeCommand(),
        new CodeCommand(),
        new AttestCommand(),
        new ProposeCommand(),
        new VoteCommand(),
        new EmergencyCommand.Cancel(),
        new EmergencyCommand.Pause(),
        new EmergencyCommand.Resume(),
        new EmergencyCommand.Rollback(),
        new TxCommand(),
        new AccountCommand.Balance(),
        new AccountCommand.Show(),
        new KeysCommand(),
        new MigrateCommand(),
        new ParamCommand());
  }

  /**
   * Prints a failure as {@code error: REASON} (one line) and returns exit code 1; the stack trace
   * only for an unexpected exception when {@code FORKLESS_DEBUG} is set.
   */
  public static picocli.CommandLine.IExecutionExceptionHandler exceptionHandler() {
    return (e, cli, parseResult) -> {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      cli.getErr().println("error: " + CliException.oneLine(message));
      if (!(e instanceof CliException) && System.getenv("FORKLESS_DEBUG") != null) {
        e.printStackTrace(cli.getErr());
      }
      cli.getErr().flush();
      return 1;
    };
  }
}
