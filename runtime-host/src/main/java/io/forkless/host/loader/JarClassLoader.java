package io.forkless.host.loader;

import com.google.common.collect.ImmutableMap;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * The class loader of one verified JAR: defines the JAR's own classes from the in-memory bytes of
 * its {@link VerifiedJar} (child-first), and asks the {@link FilteringParentClassLoader} for
 * everything else. There is no file, no {@code jar:} URL and no cache that could pin the JAR.
 *
 * <p>Resources: {@link #getResource} returns {@code null} and {@link #getResources} nothing, for
 * the JAR's entries as well; the host reads service files and indexes from the {@link VerifiedJar}
 * itself, and runtime code may not call class-loader or resource APIs anyway.
 *
 * <p>Created by {@link RuntimeLoader} only after the placement checks and the bytecode verifier
 * passed. {@link #close()} drops the class bytes; afterwards no further class of the JAR can be
 * defined, and the loader is garbage-collected once nothing references it or its classes.
 * Thread-safe.
 */
final class JarClassLoader extends ClassLoader implements AutoCloseable {

  static {
    registerAsParallelCapable();
  }

  private volatile ImmutableMap<String, byte[]> classFiles;

  /**
   * @param jar the JAR; its classes must already have passed {@link JarClasses#placementProblems}
   *     and {@link BytecodeVerifier}
   * @param classFiles the classes to define, by entry name: the JAR's, as the metering {@link
   *     io.forkless.host.metering.Instrumenter} rewrote them
   */
  JarClassLoader(
      VerifiedJar jar, Map<String, byte[]> classFiles, FilteringParentClassLoader parent) {
    super(jar.source(), parent);
    ImmutableMap.Builder<String, byte[]> byName = ImmutableMap.builder();
    for (Map.Entry<String, byte[]> file : classFiles.entrySet()) {
      String entry = file.getKey();
      byName.put(
          entry.substring(0, entry.length() - ".class".length()).replace('/', '.'),
          file.getValue());
    }
    this.classFiles = byName.buildOrThrow();
  }

  /**
   * The one delegation rule (style rule 3): a class the JAR contains is defined here (child-first);
   * every other name goes to the filtering parent. The JAR cannot shadow the API or the JDK: JARs
   * with classes in those packages were refused before this loader was created.
   */
  private boolean isOwnClass(String className) {
    return classFiles.containsKey(className);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isOwnClass(name)) {
      return getParent().loadClass(name);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classFiles.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name + " (loader of " + getName() + " is closed)");
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  public URL getResource(String name) {
    return null;
  }

  @Override
  public Enumeration<URL> getResources(String name) {
    return Collections.emptyEnumeration();
  }

  /** Drops the class bytes; classes already defined stay usable until unreachable. Idempotent. */
  @Override
  public void close() {
    classFiles = ImmutableMap.of();
  }
}
