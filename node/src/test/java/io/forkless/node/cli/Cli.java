package io.forkless.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the client commands in-process, capturing exit code, output and errors. */
record Cli(int exitCode, String out, String err) {

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CliMain.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Cli(code, out.toString(), err.toString());
  }
}
