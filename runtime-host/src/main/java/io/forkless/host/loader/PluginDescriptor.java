package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.pf4j.processor.ExtensionStorage;

/**
 * What a migration-plugin JAR declares, in PF4J's formats: the manifest attributes {@code
 * Plugin-Id} and {@code Plugin-Version}, and {@code META-INF/extensions.idx} (one extension class
 * per line, {@code #} comments), which PF4J's annotation processor writes for {@code @Extension}
 * classes and which is read here with PF4J's own parser.
 *
 * <p>{@code Plugin-Id} must match {@value #ID_PATTERN} and contain no {@code ..}: it names the
 * plugin in logs, metrics and file names, so no path separators, whitespace or traversal. {@code
 * Plugin-Version} must match {@value #VERSION_PATTERN} (PF4J's semantic versions). Each attribute
 * must appear exactly once in the manifest's main section.
 *
 * @param id the plugin id
 * @param version the plugin version
 * @param extensionClasses binary names of the extension classes, in index order
 */
record PluginDescriptor(String id, String version, ImmutableList<String> extensionClasses) {

  static final String ID_ATTRIBUTE = "Plugin-Id";
  static final String VERSION_ATTRIBUTE = "Plugin-Version";
  static final String EXTENSION_INDEX = "META-INF/extensions.idx";
  static final String ID_PATTERN = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}";
  static final String VERSION_PATTERN = "[0-9]+(\\.[0-9]+){0,2}([-+][0-9A-Za-z.+-]+)?";

  private static final Pattern ID = Pattern.compile(ID_PATTERN);
  private static final Pattern VERSION = Pattern.compile(VERSION_PATTERN);

  /** The descriptor, or empty after adding every problem found to {@code reasons}. */
  static Optional<PluginDescriptor> read(VerifiedJar jar, List<String> reasons) {
    int before = reasons.size();
    String id = attribute(jar, ID_ATTRIBUTE, reasons);
    if (!ID.matcher(id).matches() || id.contains("..")) {
      reasons.add(
          ID_ATTRIBUTE + " must match " + ID_PATTERN + " without '..' but was \"" + id + "\"");
    }
    String version = attribute(jar, VERSION_ATTRIBUTE, reasons);
    if (!VERSION.matcher(version).matches()) {
      reasons.add(
          VERSION_ATTRIBUTE + " must match " + VERSION_PATTERN + " but was \"" + version + "\"");
    }
    ImmutableList<String> extensions = extensionClasses(jar, reasons);
    return reasons.size() == before
        ? Optional.of(new PluginDescriptor(id, version, extensions))
        : Optional.empty();
  }

  private static String attribute(VerifiedJar jar, String name, List<String> reasons) {
    long occurrences = ManifestText.occurrences(jar, name);
    if (occurrences > 1) {
      reasons.add(
          "manifest declares " + name + " " + occurrences + " times; exactly once is required");
    }
    return jar.attribute(name).orElse("");
  }

  private static ImmutableList<String> extensionClasses(VerifiedJar jar, List<String> reasons) {
    Optional<byte[]> index = jar.entry(EXTENSION_INDEX);
    if (index.isEmpty()) {
      reasons.add("no StateMigration extension: " + EXTENSION_INDEX + " is missing");
      return ImmutableList.of();
    }
    Set<String> names = new LinkedHashSet<>();
    try {
      ExtensionStorage.read(
          new StringReader(new String(index.get(), StandardCharsets.UTF_8)), names);
    } catch (IOException impossible) {
      throw new AssertionError("reading from a string", impossible);
    }
    if (names.isEmpty()) {
      reasons.add("no StateMigration extension: " + EXTENSION_INDEX + " lists no class");
    }
    for (String name : names) {
      if (jar.entry(name.replace('.', '/') + ".class").isEmpty()) {
        reasons.add(EXTENSION_INDEX + " lists " + name + ", which the JAR does not contain");
      }
    }
    return ImmutableList.copyOf(names);
  }

  /** The plugin's identity while loaded: id and version. */
  String key() {
    return id + "@" + version;
  }

  /** Helpers on the manifest's raw text, which the attribute map cannot show (duplicates). */
  static final class ManifestText {
    private ManifestText() {}

    /** How many times the main section names the attribute (names are case-insensitive). */
    static long occurrences(VerifiedJar jar, String attribute) {
      Optional<byte[]> manifest = jar.entry("META-INF/MANIFEST.MF");
      if (manifest.isEmpty()) {
        return jar.attribute(attribute).isPresent() ? 1 : 0;
      }
      String prefix = attribute.toLowerCase(Locale.ROOT) + ":";
      String text = new String(manifest.get(), StandardCharsets.UTF_8);
      // The main section ends at the first empty line.
      String main = text.split("\r\n\r\n|\n\n|\r\r", 2)[0];
      return main.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix)).count();
    }
  }
}
