package io.forkless.host;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A child JVM running a main class from the test class path (plus extra entries), its output
 * collected line by line so tests can wait for progress with Awaitility.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The child was killed while we read: its output simply ends here.
                lines.add("<output ended>");
              }
            },
            "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args}; {@code extraClassPath} is appended. */
  public static ChildJvm start(Class<?> mainClass, List<Path> extraClassPath, String... args) {
    return start(List.of(), mainClass, extraClassPath, args);
  }

  /** As {@link #start(Class, List, String...)}, with extra JVM options (e.g. {@code -Xss4m}). */
  public static ChildJvm start(
      List<String> jvmOptions, Class<?> mainClass, List<Path> extraClassPath, String... args) {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringBuilder cp = new StringBuilder(classPath);
    for (Path p : extraClassPath) {
      cp.append(java.io.File.pathSeparator).append(p.toAbsolutePath());
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(cp.toString());
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a line matches, failing with the output so far after {@code timeout}. */
  public String awaitLine(Predicate<String> matcher, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .alias("child output so far: " + lines)
        .until(() -> lines.stream().anyMatch(matcher) || !process.isAlive());
    return lastMatching(matcher)
        .orElseThrow(() -> new AssertionError("child exited without the line; output: " + lines));
  }

  /** The last output line that matches, if any. */
  public Optional<String> lastMatching(Predicate<String> matcher) {
    List<String> snapshot = List.copyOf(lines);
    for (int i = snapshot.size() - 1; i >= 0; i--) {
      if (matcher.test(snapshot.get(i))) {
        return Optional.of(snapshot.get(i));
      }
    }
    return Optional.empty();
  }

  /** All output so far. */
  public List<String> output() {
    return List.copyOf(lines);
  }

  /** Kills the child (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
