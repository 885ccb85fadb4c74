package io.forkless.archetype;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fenced code blocks of a Markdown guide: {@code sh} blocks are commands a test executes, in
 * order; every other block is text that must not hold a command line (so no command escapes the
 * test by being fenced differently).
 */
record DocCommands(List<String> shellBlocks, List<String> otherBlocks) {

  static DocCommands read(Path markdown) throws IOException {
    List<String> shell = new ArrayList<>();
    List<String> other = new ArrayList<>();
    StringBuilder block = null;
    boolean isShell = false;
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (line.startsWith("```")) {
        if (block == null) {
          block = new StringBuilder();
          isShell = line.strip().equals("```sh");
        } else {
          (isShell ? shell : other).add(block.toString());
          block = null;
        }
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    if (block != null) {
      throw new IllegalStateException(markdown + " has an unclosed code block");
    }
    return new DocCommands(List.copyOf(shell), List.copyOf(other));
  }

  /** Lines of non-shell blocks that start like a command of the guide. */
  List<String> commandsOutsideShellBlocks() {
    List<String> found = new ArrayList<>();
    for (String block : otherBlocks) {
      for (String line : block.split("\n")) {
        String s = line.strip();
        if (s.startsWith("forkless ") || s.startsWith("mvn ") || s.startsWith("jarsigner ")) {
          found.add(s);
        }
      }
    }
    return found;
  }
}
