package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.loader.JarVerifier;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.loader.RuntimeLoader;
import io.forkless.host.loader.RuntimeRejectedException;
import io.forkless.host.loader.VerifiedJar;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtimes this node has loaded, by code hash, and the way to load more: every JAR goes through
 * {@link JarVerifier} (hash, archive shape, signature) and {@link RuntimeLoader} (bytecode,
 * isolated class loader). Serves as the chain's resolver from a block header's code hash to a
 * runtime.
 *
 * <p>Thread-safe. A runtime stays loaded until {@link #release} closes its loader.
 */
public final class RuntimeRegistry implements Function<HashCode, RuntimeBinding> {

  private static final Logger log = LoggerFactory.getLogger(RuntimeRegistry.class);

  private final JarVerifier verifier;
  private final RuntimeLoader loader;
  private final CodeRepository repository;
  private final Map<HashCode, LoadedRuntime> loaded = new ConcurrentHashMap<>();
  private volatile Instant referenceTime;

  /**
   * @param referenceTime the decision time for loads not tied to a block (e.g. rebinding the head's
   *     runtime at startup): the genesis or head block's timestamp, never the wall clock
   */
  public RuntimeRegistry(
      JarVerifier verifier,
      RuntimeLoader loader,
      CodeRepository repository,
      Instant referenceTime) {
    this.verifier = verifier;
    this.loader = loader;
    this.repository = repository;
    this.referenceTime = referenceTime;
  }

  /** Moves the decision time for later loads forward, e.g. to the latest block's timestamp. */
  public void advanceReferenceTime(Instant blockTime) {
    if (blockTime.isAfter(referenceTime)) {
      referenceTime = blockTime;
    }
  }

  public Instant referenceTime() {
    return referenceTime;
  }

  public CodeRepository repository() {
    return repository;
  }

  /** Verifies and loads the runtime JAR at {@code jar}, or returns the one already loaded. */
  public LoadedRuntime loadRuntime(Path jar, HashCode expectedHash, Instant decisionTime) {
    LoadedRuntime existing = loaded.get(expectedHash);
    if (existing != null && existing.isOpen()) {
      return existing;
    }
    VerifiedJar verified = verifier.verify(jar, expectedHash, decisionTime);
    LoadedRuntime runtime = loader.loadRuntime(verified);
    loaded.put(expectedHash, runtime);
    log.info(
        "Loaded runtime {} (code hash {}, signer {}) from {}",
        runtime.version(),
        expectedHash,
        runtime.signer().getSubjectX500Principal().getName(),
        jar);
    return runtime;
  }

  /**
   * Checks only what this node's operator decides locally (code hash, archive shape, signature and
   * trust store), without loading. A failure here is a local failure: other nodes may accept the
   * JAR.
   *
   * @throws io.forkless.host.loader.RuntimeRejectedException saying why
   */
  public void checkTrusted(Path jar, HashCode expectedHash, Instant decisionTime) {
    verifier.verify(jar, expectedHash, decisionTime);
  }

  /** Verifies and loads a migration plugin JAR. The caller owns (and closes) the result. */
  public LoadedMigrationPlugin loadPlugin(Path jar, HashCode expectedHash, Instant decisionTime) {
    LoadedMigrationPlugin plugin =
        loader.loadMigrationPlugin(verifier.verify(jar, expectedHash, decisionTime));
    log.info(
        "Loaded migration plugin {} {} (code hash {}) with migrations {}",
        plugin.pluginId(),
        plugin.version(),
        expectedHash,
        plugin.migrations().keySet());
    return plugin;
  }

  /** Finds the JAR with {@code codeHash} in the repository. */
  public Optional<Path> find(HashCode codeHash) {
    return repository.find(codeHash);
  }

  /** The loaded runtime with {@code codeHash}, if any. */
  public Optional<LoadedRuntime> loaded(HashCode codeHash) {
    return Optional.ofNullable(loaded.get(codeHash)).filter(LoadedRuntime::isOpen);
  }

  /** Registers a runtime loaded elsewhere (e.g. the genesis runtime given to the coordinator). */
  public void register(LoadedRuntime runtime) {
    loaded.put(runtime.codeHash(), runtime);
  }

  /** Closes and forgets the runtime with {@code codeHash}; its loader can then be collected. */
  public void release(HashCode codeHash) {
    LoadedRuntime runtime = loaded.remove(codeHash);
    if (runtime != null) {
      runtime.close();
      log.info("Released runtime {} (code hash {})", runtime.version(), codeHash);
    }
  }

  /** Number of runtimes loaded now. */
  public int loadedCount() {
    return loaded.size();
  }

  /**
   * The chain's resolver: the loaded runtime with this code hash, loading it from the repository
   * when needed.
   *
   * @throws BlockProductionHaltedException when this node does not have the JAR or refuses it: a
   *     local failure, which must stop this node rather than let it go on with another runtime
   */
  @Override
  public RuntimeBinding apply(HashCode codeHash) {
    LoadedRuntime runtime = loaded(codeHash).orElse(null);
    if (runtime == null) {
      Path jar =
          repository
              .find(codeHash)
              .orElseThrow(
                  () ->
                      new BlockProductionHaltedException(
                          "this node has no runtime JAR with code hash "
                              + codeHash
                              + " on chain, in its code cache or in its plugins folder: put the"
                              + " JAR into the plugins folder"));
      try {
        runtime = loadRuntime(jar, codeHash, referenceTime);
      } catch (RuntimeRejectedException e) {
        throw new BlockProductionHaltedException(
            "this node refuses the runtime JAR with code hash "
                + codeHash
                + " ("
                + e.getMessage()
                + "): check the trust store or replace the file",
            e);
      }
    }
    return binding(runtime);
  }

  /** The chain's view of a loaded runtime. */
  public static RuntimeBinding binding(LoadedRuntime runtime) {
    return new RuntimeBinding(runtime.runtime(), runtime.version(), runtime.codeHash());
  }
}
