package io.forkless.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the JDK's {@code keytool} (the JDK has no public API to issue certificates), from the
 * running JVM's own {@code java.home}. Passwords go on keytool's command line, so they are visible
 * to other local users in the process list while it runs, as with any keytool use.
 */
final class Keytool {

  private Keytool() {}

  /**
   * Runs {@code keytool -noprompt ARGS}.
   *
   * @throws CliException with keytool's output when it fails or cannot be started
   */
  static void run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.add("-noprompt");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new CliException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new CliException(
          "cannot run keytool from " + System.getProperty("java.home") + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while running keytool", e);
    }
  }
}
