package io.forkless.host.loader;

import com.google.common.hash.HashCode;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * A runtime JAR that passed every check, with its {@link Runtime} instantiated in its own isolated
 * class loader. {@link #close()} releases the loader: afterwards {@link #runtime()} and {@link
 * #classLoader()} throw, and once callers drop their own references to the runtime instance (and
 * anything created by it), the loader and every class of the JAR are garbage-collected.
 *
 * <p>Thread-safe. Closing while another thread runs a transaction lets that transaction finish.
 */
public final class LoadedRuntime implements AutoCloseable {

  private final RuntimeVersion version;
  private final HashCode codeHash;
  private final X509Certificate signer;
  private final Class<?> implementation;
  private volatile @Nullable Runtime runtime;
  private volatile @Nullable JarClassLoader loader;

  LoadedRuntime(
      RuntimeVersion version,
      HashCode codeHash,
      X509Certificate signer,
      Runtime runtime,
      JarClassLoader loader) {
    this.version = version;
    this.codeHash = codeHash;
    this.signer = signer;
    this.implementation = runtime.getClass();
    this.runtime = new GuardedCode.GuardedRuntime(runtime);
    this.loader = loader;
  }

  /** The version the manifest declares and {@link Runtime#version()} returns. */
  public RuntimeVersion version() {
    return version;
  }

  /** SHA-256 of the JAR file, as governance approved it. */
  public HashCode codeHash() {
    return codeHash;
  }

  /** The certificate that signed the JAR. */
  public X509Certificate signer() {
    return signer;
  }

  /**
   * The runtime, behind the host's handle: every state it is given is guarded ({@link
   * io.forkless.host.state.HostNamespace#guard}), whoever calls it.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public Runtime runtime() {
    Runtime current = runtime;
    if (current == null) {
      throw closed();
    }
    return current;
  }

  /** The runtime's own class (in the JAR's loader), for diagnostics. */
  public Class<?> implementationClass() {
    return implementation;
  }

  /**
   * The JAR's isolated class loader.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public ClassLoader classLoader() {
    ClassLoader current = loader;
    if (current == null) {
      throw closed();
    }
    return current;
  }

  /** Whether {@link #close()} has not been called yet. */
  public boolean isOpen() {
    return loader != null;
  }

  /** Releases the loader and drops the runtime instance. Idempotent. */
  @Override
  public synchronized void close() {
    JarClassLoader current = loader;
    runtime = null;
    loader = null;
    if (current != null) {
      current.close();
    }
  }

  private IllegalStateException closed() {
    return new IllegalStateException(
        "runtime " + version + " (" + codeHash + ") expected OPEN but was CLOSED");
  }

  @Override
  public String toString() {
    return "LoadedRuntime[" + version + ", " + codeHash + (isOpen() ? "" : ", closed") + "]";
  }
}
