package io.forkless.node;

import io.forkless.node.cli.ClientCommands;
import io.forkless.node.replay.ExportBlocksCommand;
import io.forkless.node.replay.ImportBlocksCommand;
import io.forkless.node.server.NodeCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code forkless} command: the node ({@code forkless node}) and the client commands that talk
 * to a running node over JSON-RPC. {@link #main} exits with the command's exit code; a failure
 * prints one line on stderr (the stack trace too with {@code --verbose}).
 */
@Command(
    name = "forkless",
    mixinStandardHelpOptions = true,
    versionProvider = Forkless.Version.class,
    description = "A blockchain node that upgrades its runtime live, without a fork or a restart.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Forkless implements Runnable {

  /**
   * The node-side subcommands, one per line ({@code help} is declared in the annotation; the client
   * commands come from {@link ClientCommands#all()}).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          io.forkless.node.cluster.DevnetCommand.class,
          ExportBlocksCommand.class,
          ImportBlocksCommand.class, //
          NodeCommand.class //
          );

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure, not only its one-line reason.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: try 'forkless node --dev' or 'forkless --help'");
  }

  /** The configured command line: {@code forkless} with its subcommands and error handling. */
  public static CommandLine commandLine() {
    Forkless root = new Forkless();
    CommandLine cl = new CommandLine(root);
    for (Class<?> sub : SUBCOMMANDS) {
      cl.addSubcommand(sub);
    }
    ClientCommands.all().forEach(cl::addSubcommand);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (root.verbose) {
            e.printStackTrace(err);
          }
          err.println("forkless: " + oneLine(e));
          err.flush();
          return 1;
        });
    return cl;
  }

  /** The exception's message on one line (its type when it has none). */
  static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*\\R\\s*", " ");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The version from the JAR's manifest (Implementation-Version), or "development build". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Forkless.class.getPackage().getImplementationVersion();
      return new String[] {"forkless " + (v == null ? "1.0.0-SNAPSHOT (development build)" : v)};
    }
  }
}
