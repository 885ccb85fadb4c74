package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.ForklessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@code *.jar} files of one folder, found by SHA-256. Hashes are cached per file and
 * recomputed when a file's size or modification time changes. Thread-safe.
 */
public final class FolderCodeRepository implements CodeRepository {

  private record Stamp(long size, long modified, HashCode hash) {}

  private final Path folder;
  private final Map<Path, Stamp> cache = new ConcurrentHashMap<>();

  private FolderCodeRepository(Path folder) {
    this.folder = folder;
  }

  /** The JARs directly inside {@code folder}. */
  public static FolderCodeRepository of(Path folder) {
    return new FolderCodeRepository(folder);
  }

  public Path folder() {
    return folder;
  }

  @Override
  public Optional<Path> find(HashCode codeHash) {
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
          .sorted()
          .filter(p -> codeHash.equals(hashOf(p)))
          .findFirst();
    } catch (IOException e) {
      throw new ForklessException(
          "cannot list plugins folder "
              + folder
              + ": "
              + e.getMessage()
              + "; check its permissions",
          e);
    }
  }

  private HashCode hashOf(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      long size = attributes.size();
      long modified = attributes.lastModifiedTime().toMillis();
      Stamp cached = cache.get(file);
      if (cached != null && cached.size() == size && cached.modified() == modified) {
        return cached.hash();
      }
      HashCode hash = Hashing.sha256().hashBytes(Files.readAllBytes(file));
      cache.put(file, new Stamp(size, modified, hash));
      return hash;
    } catch (IOException e) {
      // A file removed or being replaced while we looked: it simply is not a match now.
      return HashCode.fromInt(0);
    }
  }
}
