package io.forkless.host.loader;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Entry names that are safe to treat as relative paths: not empty, no backslash, not absolute, no
 * drive letter, no control character, no empty, {@code .} or {@code ..} segment.
 */
final class EntryNames {

  private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

  private EntryNames() {}

  /** Why an entry name is unsafe to map onto a path, if it is. */
  static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("an entry has an empty name");
    }
    if (name.indexOf('\\') >= 0) {
      return Optional.of("entry " + name + " contains a backslash: entry names separate with '/'");
    }
    if (name.startsWith("/")) {
      return Optional.of("entry " + name + " is an absolute path: entry names must be relative");
    }
    if (DRIVE_LETTER.matcher(name).matches()) {
      return Optional.of("entry " + name + " starts with a drive letter: names must be relative");
    }
    if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      return Optional.of(
          "entry " + name.replaceAll("\\p{Cntrl}", "?") + " contains a control character");
    }
    String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("entry " + name + " escapes the archive: path traversal through '..'");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return Optional.of("entry " + name + " has an empty or '.' path segment");
      }
    }
    return Optional.empty();
  }
}
