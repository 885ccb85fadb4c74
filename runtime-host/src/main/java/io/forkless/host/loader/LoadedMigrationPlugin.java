package io.forkless.host.loader;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Maps;
import com.google.common.hash.HashCode;
import io.forkless.api.StateMigration;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A migration-plugin JAR that passed every check, with each {@link StateMigration} extension
 * instantiated in the plugin's own isolated class loader. Two versions of one plugin id may be
 * loaded side by side; the same id and version only once at a time.
 *
 * <p>{@link #close()} releases the loader and frees the id and version for loading again;
 * afterwards {@link #migrations()} and {@link #migration(String)} throw. Thread-safe.
 */
public final class LoadedMigrationPlugin implements AutoCloseable {

  private final String pluginId;
  private final String version;
  private final HashCode codeHash;
  private final X509Certificate signer;
  private final Runnable onClose;
  private volatile @Nullable ImmutableSortedMap<String, StateMigration> migrations;
  private final ImmutableSortedMap<String, Class<?>> implementations;
  private volatile @Nullable JarClassLoader loader;

  LoadedMigrationPlugin(
      PluginDescriptor descriptor,
      VerifiedJar jar,
      ImmutableSortedMap<String, StateMigration> migrations,
      JarClassLoader loader,
      Runnable onClose) {
    this.pluginId = descriptor.id();
    this.version = descriptor.version();
    this.codeHash = jar.codeHash();
    this.signer = jar.signer();
    ImmutableSortedMap.Builder<String, StateMigration> guarded = ImmutableSortedMap.naturalOrder();
    migrations.forEach((name, m) -> guarded.put(name, new GuardedCode.GuardedMigration(m)));
    this.migrations = guarded.build();
    this.implementations =
        ImmutableSortedMap.copyOf(Maps.transformValues(migrations, Object::getClass));
    this.loader = loader;
    this.onClose = onClose;
  }

  /** The manifest's {@code Plugin-Id}. */
  public String pluginId() {
    return pluginId;
  }

  /** The manifest's {@code Plugin-Version}. */
  public String version() {
    return version;
  }

  /** SHA-256 of the JAR file, as the approved migration plan binds it. */
  public HashCode codeHash() {
    return codeHash;
  }

  /** The certificate that signed the JAR. */
  public X509Certificate signer() {
    return signer;
  }

  /** The class implementing each migration (in the plugin's loader), for diagnostics. */
  public ImmutableSortedMap<String, Class<?>> implementationClasses() {
    return implementations;
  }

  /**
   * Every migration of the plugin by its {@link StateMigration#name()}, behind the host's handles:
   * every state a migration is given is guarded, whoever calls it.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public ImmutableSortedMap<String, StateMigration> migrations() {
    ImmutableSortedMap<String, StateMigration> current = migrations;
    if (current == null) {
      throw new IllegalStateException(
          "migration plugin " + pluginId + "@" + version + " expected OPEN but was CLOSED");
    }
    return current;
  }

  /** One migration by name; empty when the plugin has none of that name. */
  public Optional<StateMigration> migration(String name) {
    return Optional.ofNullable(migrations().get(name));
  }

  /**
   * The plugin's isolated class loader.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public ClassLoader classLoader() {
    ClassLoader current = loader;
    if (current == null) {
      migrations(); // throws the closed-state error
    }
    return current;
  }

  /** Whether {@link #close()} has not been called yet. */
  public boolean isOpen() {
    return loader != null;
  }

  /** Releases the loader, drops the migrations and frees the id and version. Idempotent. */
  @Override
  public synchronized void close() {
    JarClassLoader current = loader;
    migrations = null;
    loader = null;
    if (current != null) {
      current.close();
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "LoadedMigrationPlugin["
        + pluginId
        + "@"
        + version
        + ", "
        + codeHash
        + (isOpen() ? "" : ", closed")
        + "]";
  }
}
