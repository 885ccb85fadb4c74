package io.forkless.host.loader;

import com.google.common.collect.ImmutableSet;
import io.forkless.host.metering.JdkCalls;
import io.forkless.host.metering.Meter;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every runtime and plugin class loader: it shows them only the types they are
 * compiled against, loaded from the host, and nothing else. Visible are {@code io.forkless.api.*},
 * {@code org.pf4j.ExtensionPoint} and {@code org.pf4j.Extension}, and the classes of the JDK
 * packages named in {@link JdkAllowList} plus {@code java.lang.invoke} and {@code
 * java.lang.runtime}, which the JVM must resolve to link lambdas, string concatenation and records.
 * Instrumented code also sees the metering hooks {@link Meter} and {@link JdkCalls}. Everything
 * else (Guava, PF4J internals, SLF4J, {@code io.forkless.host.*}, the application class path,
 * {@code javax.*}, {@code sun.*}) throws {@link ClassNotFoundException}.
 *
 * <p>Visibility is decided per package; which members of a visible JDK class may be used is the
 * bytecode verifier's job. No resources are visible. Stateless apart from its parent; one instance
 * can serve every JAR loader. Thread-safe.
 */
final class FilteringParentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final ImmutableSet<String> LINKAGE_PACKAGES =
      ImmutableSet.of("java.lang.invoke", "java.lang.runtime");

  /**
   * Host classes that instrumented code calls: the meter and the deterministic JDK replacements. A
   * JAR's own bytecode can never name them (the verifier refuses every host type before
   * instrumentation adds the calls).
   */
  private static final ImmutableSet<String> METERING_CLASSES =
      ImmutableSet.of(Meter.class.getName(), JdkCalls.class.getName());

  private final ClassLoader host;
  private final ImmutableSet<String> visiblePackages;

  private FilteringParentClassLoader(ClassLoader host, ImmutableSet<String> visiblePackages) {
    // No parent: every lookup goes through loadClass below, never to the boot loader by default.
    super("forkless-api-filter", null);
    this.host = host;
    this.visiblePackages = visiblePackages;
  }

  /** A filter in front of the class loader that loaded the host (and so the API and PF4J). */
  static FilteringParentClassLoader create() {
    return new FilteringParentClassLoader(
        FilteringParentClassLoader.class.getClassLoader(),
        ImmutableSet.<String>builder()
            .addAll(JdkAllowList.get().packages())
            .addAll(LINKAGE_PACKAGES)
            .build());
  }

  /** The one visibility rule: API types, and classes of visible JDK packages. */
  boolean isVisible(String className) {
    if (JdkAllowList.isApi(className) || METERING_CLASSES.contains(className)) {
      return true;
    }
    int dot = className.lastIndexOf('.');
    return dot > 0 && visiblePackages.contains(className.substring(0, dot));
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isVisible(name)) {
      throw new ClassNotFoundException(name + " is not visible to runtime and plugin code");
    }
    return host.loadClass(name);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    throw new ClassNotFoundException(name);
  }

  @Override
  public URL getResource(String name) {
    return null;
  }

  @Override
  public Enumeration<URL> getResources(String name) {
    return Collections.emptyEnumeration();
  }
}
