package io.forkless.host.code;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.StateView;
import io.forkless.host.ForklessException;
import io.forkless.host.upgrade.CodeRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's code repository over chain state: complete code found by hash in the committed state
 * is written once to a cache folder (the loader verifies files) and served from there; anything
 * else is looked up in the local repository (the plugins folder), which is optional.
 *
 * <p>Historical code comes for free: a node replaying old blocks reads the state as of the block it
 * executes, so each height runs with the code that was on chain then. Thread-safe.
 */
public final class OnChainCode implements CodeRepository {

  private final CodeStore store;
  private final Supplier<StateView> committed;
  private final Path cache;
  private final CodeRepository local;
  private final Set<HashCode> cached = ConcurrentHashMap.newKeySet();

  /**
   * @param committed the chain's committed state
   * @param cache the folder the code is written to (created when missing)
   * @param local where code not (yet) on chain is found, e.g. the plugins folder
   */
  public OnChainCode(
      CodeStore store, Supplier<StateView> committed, Path cache, CodeRepository local) {
    this.store = store;
    this.committed = committed;
    this.cache = cache;
    this.local = local;
  }

  public CodeRepository local() {
    return local;
  }

  public Path cacheFolder() {
    return cache;
  }

  /**
   * The code on chain if complete there; else a file the cache kept from earlier (code pruned
   * since, e.g. the genesis runtime of a restarted node); else the local repository's file. Any
   * file found is verified again by the loader before use.
   */
  @Override
  public Optional<Path> find(HashCode codeHash) {
    Optional<Path> onChain = fromChain(codeHash);
    if (onChain.isPresent()) {
      return onChain;
    }
    Path kept = cache.resolve(codeHash + ".jar");
    if (Files.isRegularFile(kept)) {
      return Optional.of(kept);
    }
    return local.find(codeHash);
  }

  /** The complete code {@code codeHash} from chain state, as a cached file. */
  public Optional<Path> fromChain(HashCode codeHash) {
    Path file = cache.resolve(codeHash + ".jar");
    if (cached.contains(codeHash) && Files.isRegularFile(file)) {
      return Optional.of(file);
    }
    Optional<byte[]> bytes = store.read(committed.get(), codeHash);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    write(file, bytes.get(), codeHash);
    return Optional.of(file);
  }

  /**
   * Writes {@code jar} (whose hash is {@code codeHash}) into the cache, e.g. the genesis runtime.
   */
  public Path cache(HashCode codeHash, byte[] jar) {
    if (!Hashing.sha256().hashBytes(jar).equals(codeHash)) {
      throw new IllegalArgumentException("bytes do not hash to " + codeHash);
    }
    Path file = cache.resolve(codeHash + ".jar");
    write(file, jar, codeHash);
    return file;
  }

  private void write(Path file, byte[] jar, HashCode codeHash) {
    try {
      Files.createDirectories(cache);
      if (!Files.isRegularFile(file)
          || !Hashing.sha256().hashBytes(Files.readAllBytes(file)).equals(codeHash)) {
        Path tmp = Files.createTempFile(cache, codeHash.toString(), ".part");
        Files.write(tmp, jar);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      cached.add(codeHash);
    } catch (IOException e) {
      throw new ForklessException(
          "cannot write code "
              + codeHash
              + " from the chain into the code cache "
              + cache
              + ": "
              + e.getMessage()
              + "; check the folder's permissions and free space",
          e);
    }
  }
}
