package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * The class files of a {@link VerifiedJar} and the rules on where they may live. A class file is an
 * entry ending in {@code .class} outside {@code META-INF/}; its path must match the class it
 * declares, and it must not be in a package the host or the JDK owns.
 */
final class JarClasses {

  /**
   * Packages a JAR may not define classes in (internal-name prefixes): the JDK's, the API's (a
   * runtime must not shadow the types it is called through), the host's and PF4J's.
   */
  static final ImmutableList<String> RESERVED_PACKAGES =
      ImmutableList.of(
          "java/", "javax/", "jdk/", "sun/", "io/forkless/api/", "io/forkless/host/", "org/pf4j/");

  private static final String CLASS_SUFFIX = ".class";

  private JarClasses() {}

  /** Class files by entry name, e.g. {@code com/example/Foo.class}. */
  static ImmutableSortedMap<String, byte[]> classFiles(VerifiedJar jar) {
    return ImmutableSortedMap.copyOf(
        jar.entriesUnsafe().entrySet().stream()
            .filter(e -> isClassFile(e.getKey()))
            .collect(
                ImmutableSortedMap.toImmutableSortedMap(
                    String::compareTo, Map.Entry::getKey, Map.Entry::getValue)));
  }

  /** Internal class names ({@code com/example/Foo}) of the given class-file entry names. */
  static ImmutableSet<String> internalNames(Iterable<String> entryNames) {
    ImmutableSet.Builder<String> names = ImmutableSet.builder();
    for (String entry : entryNames) {
      names.add(entry.substring(0, entry.length() - CLASS_SUFFIX.length()));
    }
    return names.build();
  }

  /** Every reason the JAR's classes may not be defined at all; empty when they may. */
  static ImmutableList<String> placementProblems(VerifiedJar jar) {
    List<String> problems = new ArrayList<>();
    for (String entry : jar.entriesUnsafe().keySet()) {
      if (entry.endsWith(CLASS_SUFFIX) && !isClassFile(entry)) {
        problems.add(entry + " -> class file inside META-INF is not allowed");
      }
    }
    for (Map.Entry<String, byte[]> file : classFiles(jar).entrySet()) {
      String path = file.getKey().substring(0, file.getKey().length() - CLASS_SUFFIX.length());
      String declared;
      try {
        declared = new ClassReader(file.getValue()).getClassName();
      } catch (RuntimeException malformed) {
        problems.add(file.getKey() + " -> not a valid class file (" + malformed + ")");
        continue;
      }
      if (path.equals("module-info")) {
        problems.add(file.getKey() + " -> module descriptors are not allowed");
        continue;
      }
      if (!declared.equals(path)) {
        problems.add(file.getKey() + " -> declares class " + declared.replace('/', '.'));
      }
      for (String reserved : RESERVED_PACKAGES) {
        if (path.startsWith(reserved) || declared.startsWith(reserved)) {
          problems.add(
              path.replace('/', '.')
                  + " -> defines a class in reserved package "
                  + reserved.replace('/', '.')
                  + "*");
          break;
        }
      }
    }
    return ImmutableList.copyOf(problems);
  }

  private static boolean isClassFile(String entryName) {
    return entryName.endsWith(CLASS_SUFFIX) && !entryName.startsWith("META-INF/");
  }
}
