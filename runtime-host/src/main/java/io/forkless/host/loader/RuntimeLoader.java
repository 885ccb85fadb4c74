package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.host.metering.ExecutionLimitError;
import io.forkless.host.metering.InstrumentationException;
import io.forkless.host.metering.Instrumenter;
import io.forkless.host.metering.Meter;
import io.forkless.host.metering.MeteredMigration;
import io.forkless.host.metering.MeteredRuntime;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.StaticValues;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.pf4j.Extension;

/**
 * Loads the code of a {@link VerifiedJar} (a JAR whose code hash, archive shape and signature
 * {@code JarVerifier} already checked) into its own isolated class loader, after the last checks:
 * class placement ({@link JarClasses}), the bytecode verifier ({@link BytecodeVerifier}), and
 * discovery. No class of the JAR is defined before the placement and bytecode checks passed, and
 * none is initialised before every static check passed. Every problem found before code runs is
 * reported at once in one {@link RuntimeRejectedException}; when the JAR's own code then fails (a
 * static initializer or constructor throws), the loader is closed before the exception leaves.
 *
 * <p>Runtime JARs register exactly one implementation, ServiceLoader-style, in {@value
 * #RUNTIME_SERVICES}; it is instantiated through its public no-arg constructor and its {@code
 * version()} must equal the manifest's {@value #RUNTIME_VERSION_ATTRIBUTE}.
 *
 * <p>Thread-safe. Holds no reference to what it loaded except the ids and versions of open
 * migration plugins.
 */
public final class RuntimeLoader {

  /** The services file naming the JAR's one {@link Runtime} implementation. */
  public static final String RUNTIME_SERVICES = "META-INF/services/io.forkless.api.Runtime";

  /** The manifest attribute declaring the runtime's version. */
  public static final String RUNTIME_VERSION_ATTRIBUTE = "Forkless-Runtime-Version";

  private final BytecodeVerifier verifier = BytecodeVerifier.create();
  private final FilteringParentClassLoader parent = FilteringParentClassLoader.create();
  private final Set<String> openPlugins = ConcurrentHashMap.newKeySet();
  private final Consumer<? super ClassLoader> onLoaderCreated;
  private final Supplier<MeteringLimits> limits;

  private RuntimeLoader(
      Consumer<? super ClassLoader> onLoaderCreated, Supplier<MeteringLimits> limits) {
    this.onLoaderCreated = onLoaderCreated;
    this.limits = limits;
  }

  /** A loader with the policy of {@link JdkAllowList} and the default metering limits. */
  public static RuntimeLoader create() {
    return create(MeteringLimits.DEFAULT);
  }

  /**
   * A loader with the policy of {@link JdkAllowList} whose runtimes and migrations run under meters
   * of {@code limits} wherever no transaction installed one.
   */
  public static RuntimeLoader create(MeteringLimits limits) {
    return new RuntimeLoader(loader -> {}, () -> limits);
  }

  /**
   * A loader whose loading, runtimes and migrations use the limits {@code limits} gives at each
   * use: the chain's limits in force (chain parameters), so a governance change reaches them.
   */
  public static RuntimeLoader create(Supplier<MeteringLimits> limits) {
    return new RuntimeLoader(loader -> {}, limits);
  }

  /** For tests: tells {@code onLoaderCreated} about every class loader created, failed or not. */
  static RuntimeLoader observing(Consumer<? super ClassLoader> onLoaderCreated) {
    return new RuntimeLoader(onLoaderCreated, () -> MeteringLimits.DEFAULT);
  }

  /**
   * Checks and loads a runtime JAR.
   *
   * @throws RuntimeRejectedException listing every reason the JAR was refused; nothing stays loaded
   */
  public LoadedRuntime loadRuntime(VerifiedJar jar) {
    List<String> reasons = new ArrayList<>(codeProblems(jar));
    Optional<String> implementation = runtimeImplementation(jar, reasons);
    Optional<RuntimeVersion> declared = declaredVersion(jar, reasons);
    if (!reasons.isEmpty() || implementation.isEmpty() || declared.isEmpty()) {
      throw new RuntimeRejectedException(jar.source(), reasons);
    }
    return withLoader(
        jar,
        loader -> {
          Runtime runtime = instantiate(jar, loader, implementation.get(), Runtime.class);
          RuntimeVersion actual = runtime.version();
          if (!declared.get().equals(actual)) {
            throw new RuntimeRejectedException(
                jar.source(),
                List.of(
                    "manifest declares "
                        + RUNTIME_VERSION_ATTRIBUTE
                        + " "
                        + declared.get()
                        + " but "
                        + implementation.get()
                        + ".version() returns "
                        + actual));
          }
          return new LoadedRuntime(
              actual, jar.codeHash(), jar.signer(), MeteredRuntime.wrap(runtime, limits), loader);
        });
  }

  /**
   * Checks and loads a migration plugin JAR (see {@link PluginDescriptor} for its format).
   *
   * @throws RuntimeRejectedException listing every reason the JAR was refused, including a plugin
   *     of the same id and version that is still loaded; nothing stays loaded
   */
  public LoadedMigrationPlugin loadMigrationPlugin(VerifiedJar jar) {
    List<String> reasons = new ArrayList<>(codeProblems(jar));
    Optional<PluginDescriptor> read = PluginDescriptor.read(jar, reasons);
    if (!reasons.isEmpty() || read.isEmpty()) {
      throw new RuntimeRejectedException(jar.source(), reasons);
    }
    PluginDescriptor descriptor = read.get();
    if (!openPlugins.add(descriptor.key())) {
      throw new RuntimeRejectedException(
          jar.source(),
          List.of(
              "plugin "
                  + descriptor.key()
                  + " is already loaded; close it first (another version of the same id may be"
                  + " loaded side by side)"));
    }
    try {
      return withLoader(
          jar,
          loader ->
              new LoadedMigrationPlugin(
                  descriptor,
                  jar,
                  migrations(jar, loader, descriptor),
                  loader,
                  () -> openPlugins.remove(descriptor.key())));
    } catch (RuntimeException e) {
      openPlugins.remove(descriptor.key());
      throw e;
    }
  }

  private ImmutableSortedMap<String, StateMigration> migrations(
      VerifiedJar jar, JarClassLoader loader, PluginDescriptor descriptor) {
    TreeMap<String, StateMigration> byName = new TreeMap<>();
    List<String> reasons = new ArrayList<>();
    for (String className : descriptor.extensionClasses()) {
      StateMigration migration = instantiate(jar, loader, className, StateMigration.class);
      if (!migration.getClass().isAnnotationPresent(Extension.class)) {
        reasons.add(
            className
                + " is listed as an extension but not annotated @"
                + Extension.class.getName());
      }
      String name = migration.name();
      if (byName.putIfAbsent(name, MeteredMigration.wrap(migration, limits)) != null) {
        reasons.add("two extensions are named \"" + name + "\"");
      }
    }
    if (!reasons.isEmpty()) {
      throw new RuntimeRejectedException(jar.source(), reasons);
    }
    return ImmutableSortedMap.copyOfSorted(byName);
  }

  /** Placement and bytecode problems; both run on bytes only, before any class is defined. */
  private ImmutableList<String> codeProblems(VerifiedJar jar) {
    ImmutableList<String> placement = JarClasses.placementProblems(jar);
    return ImmutableList.<String>builder().addAll(placement).addAll(verifier.verify(jar)).build();
  }

  private static Optional<String> runtimeImplementation(VerifiedJar jar, List<String> reasons) {
    Optional<byte[]> services = jar.entry(RUNTIME_SERVICES);
    if (services.isEmpty()) {
      reasons.add("no Runtime implementation: " + RUNTIME_SERVICES + " is missing");
      return Optional.empty();
    }
    // ServiceLoader's format: one binary class name per line, '#' starts a comment.
    List<String> listed =
        new String(services.get(), StandardCharsets.UTF_8)
            .lines()
            .map(line -> line.replaceFirst("#.*", "").strip())
            .filter(line -> !line.isEmpty())
            .distinct()
            .toList();
    if (listed.size() != 1) {
      reasons.add(
          RUNTIME_SERVICES
              + " lists "
              + listed.size()
              + " Runtime implementations "
              + listed
              + "; exactly one is required");
      return Optional.empty();
    }
    String implementation = listed.get(0);
    if (jar.entry(implementation.replace('.', '/') + ".class").isEmpty()) {
      reasons.add(
          RUNTIME_SERVICES + " lists " + implementation + ", which the JAR does not contain");
      return Optional.empty();
    }
    return Optional.of(implementation);
  }

  private static Optional<RuntimeVersion> declaredVersion(VerifiedJar jar, List<String> reasons) {
    Optional<String> text = jar.attribute(RUNTIME_VERSION_ATTRIBUTE);
    if (text.isEmpty()) {
      reasons.add("manifest has no " + RUNTIME_VERSION_ATTRIBUTE);
      return Optional.empty();
    }
    try {
      return Optional.of(RuntimeVersion.parse(text.get()));
    } catch (IllegalArgumentException e) {
      reasons.add("manifest " + RUNTIME_VERSION_ATTRIBUTE + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Runs {@code load} with a new loader for the JAR, under a meter of the load budget, after every
   * class of the JAR was initialised (in name order, so every node runs the same static
   * initializers in the same order, and none runs later inside a transaction); closes the loader if
   * anything fails.
   */
  private <T> T withLoader(VerifiedJar jar, Function<JarClassLoader, T> load) {
    Map<String, byte[]> instrumented;
    try {
      instrumented = Instrumenter.instrument(JarClasses.classFiles(jar));
    } catch (InstrumentationException e) {
      throw new RuntimeRejectedException(jar.source(), e.problems());
    }
    JarClassLoader loader = new JarClassLoader(jar, instrumented, parent);
    onLoaderCreated.accept(loader);
    MeteringLimits now = limits.get();
    Meter meter = Meter.of(now.loadSteps(), now, "load");
    try {
      return meter.run(
          () -> {
            try {
              List<Class<?>> classes = initialiseAll(jar, loader, instrumented.keySet());
              // Nothing mutable may be reachable from static fields (issue #13).
              List<String> mutable = StaticValues.violations(loader, classes);
              if (!mutable.isEmpty()) {
                throw new RuntimeRejectedException(jar.source(), mutable);
              }
              return load.apply(loader);
            } catch (RuntimeRejectedException e) {
              throw e;
            } catch (RuntimeException | LinkageError e) {
              // Thrown by the JAR's own code (e.g. version()), or a class that failed to link;
              // described here, under the meter, since its message is the JAR's code too.
              throw new RuntimeRejectedException(
                  jar.source(), List.of("loading failed: " + e), JarCodeFailure.copyOf(e));
            }
          });
    } catch (RuntimeException e) {
      loader.close();
      throw e;
    } catch (ExecutionLimitError e) {
      loader.close();
      throw new RuntimeRejectedException(
          jar.source(),
          List.of(
              "loading failed: "
                  + e.getMessage()
                  + " (static initializers and constructors run under a budget of "
                  + now.loadSteps()
                  + " steps)"));
    } catch (Error e) {
      // StackOverflowError, OutOfMemoryError...: not the JAR's fault alone; release and rethrow.
      loader.close();
      throw e;
    }
  }

  private static List<Class<?>> initialiseAll(
      VerifiedJar jar, JarClassLoader loader, Iterable<String> entryNames) {
    List<Class<?>> classes = new ArrayList<>();
    for (String entry : entryNames) {
      String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
      try {
        classes.add(Class.forName(className, true, loader));
      } catch (ClassNotFoundException e) {
        throw new RuntimeRejectedException(
            jar.source(), List.of(className + " cannot be loaded: " + e.getMessage()));
      } catch (ExceptionInInitializerError e) {
        Throwable cause = e.getCause();
        throw codeFailed(jar, className + " static initializer threw", cause == null ? e : cause);
      }
    }
    return classes;
  }

  /**
   * Loads {@code className} without initialising it, checks its type, then runs its static
   * initializer and public no-arg constructor.
   */
  private static <T> T instantiate(
      VerifiedJar jar, JarClassLoader loader, String className, Class<T> type) {
    Class<?> loaded;
    try {
      loaded = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw new RuntimeRejectedException(
          jar.source(), List.of(className + " cannot be loaded: " + e.getMessage()));
    }
    if (!type.isAssignableFrom(loaded)) {
      throw new RuntimeRejectedException(
          jar.source(), List.of(className + " does not implement " + type.getName()));
    }
    Constructor<?> constructor;
    try {
      constructor = loaded.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new RuntimeRejectedException(
          jar.source(), List.of(className + " has no public no-arg constructor"));
    }
    try {
      return type.cast(constructor.newInstance());
    } catch (ExceptionInInitializerError e) {
      Throwable cause = e.getCause();
      throw codeFailed(jar, className + " static initializer threw", cause == null ? e : cause);
    } catch (InvocationTargetException e) {
      throw codeFailed(jar, className + " constructor threw", e.getCause());
    } catch (InstantiationException | IllegalAccessException e) {
      throw new RuntimeRejectedException(
          jar.source(), List.of(className + " cannot be instantiated: " + e.getMessage()));
    }
  }

  private static RuntimeRejectedException codeFailed(
      VerifiedJar jar, String what, Throwable cause) {
    return new RuntimeRejectedException(
        jar.source(), List.of(what + " " + cause), JarCodeFailure.copyOf(cause));
  }
}
