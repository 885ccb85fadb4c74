package io.forkless.node.watch;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import io.forkless.host.ForklessHost;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.loader.JarInspection;
import io.forkless.host.loader.JarVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the plugins folder's {@code *.jar} files on a fixed delay. A new or changed JAR is read
 * only once its size and modification time are the same in two consecutive scans (so a file still
 * being copied is never read half-way), then inspected with the node's {@link JarVerifier} at the
 * head block's timestamp and logged as accepted or rejected. A JAR that disappears (or changes)
 * while the scheduled upgrade needs its code hash is reported at once as an ERROR: the upgrade
 * would otherwise halt this node at its activation height.
 *
 * <p>Polling, not {@link java.nio.file.WatchService}: it sees files moved in from any file system
 * and needs no close-write events. {@link #scan()} is confined to the scanning thread (or to a test
 * that drives it without {@link #start}).
 */
public final class PluginsWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PluginsWatcher.class);

  private record Stamp(long size, long modifiedMillis) {}

  private record Known(Stamp stamp, HashCode hash) {}

  private final Path folder;
  private final JarVerifier verifier;
  private final Supplier<Instant> decisionTime;
  private final Supplier<Optional<ProposalRecord>> openProposal;
  private final List<Consumer<FolderEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Map<Path, Stamp> settling = new HashMap<>();
  private final Map<Path, Known> known = new HashMap<>();

  /** Files rejected as they are now: judged once, again only when they change. */
  private final Map<Path, Stamp> rejected = new HashMap<>();

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "plugins-watcher");
            t.setDaemon(true);
            return t;
          });

  /**
   * A watcher that is not scanning yet.
   *
   * @param decisionTime the time signatures are checked at (the head block's timestamp)
   * @param openProposal the open upgrade proposal, if any
   */
  public PluginsWatcher(
      Path folder,
      JarVerifier verifier,
      Supplier<Instant> decisionTime,
      Supplier<Optional<ProposalRecord>> openProposal) {
    this.folder = folder;
    this.verifier = verifier;
    this.decisionTime = decisionTime;
    this.openProposal = openProposal;
  }

  /** A watcher for {@code host}'s chain, scanning every {@code interval} from now on. */
  public static PluginsWatcher start(
      Path folder, JarVerifier verifier, ForklessHost host, Duration interval) {
    PluginsWatcher w =
        new PluginsWatcher(
            folder,
            verifier,
            () -> Instant.ofEpochMilli(host.chain().head().header().timestampMillis()),
            host::openProposal);
    w.scheduler.scheduleWithFixedDelay(
        w::scanSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "watching plugins folder {} every {} ms", folder.toAbsolutePath(), interval.toMillis());
    return w;
  }

  /** Calls {@code listener} (on the scanning thread) for every event, after it is logged. */
  public void addListener(Consumer<FolderEvent> listener) {
    listeners.add(listener);
  }

  private void scanSafely() {
    try {
      scan();
    } catch (RuntimeException e) {
      // One bad scan (e.g. a folder briefly unreadable) must not end the watching: retried next
      // time.
      log.warn("scanning plugins folder {} failed: {}", folder, e.toString());
    }
  }

  /** One scan of the folder: reports deletions, then verifies JARs that stopped changing. */
  public void scan() {
    Map<Path, Stamp> now = listJars();
    Set<Path> gone = new HashSet<>(known.keySet());
    gone.removeAll(now.keySet());
    for (Path p : gone) {
      forget(p);
    }
    settling.keySet().retainAll(now.keySet());
    rejected.keySet().retainAll(now.keySet());
    for (Map.Entry<Path, Stamp> e : now.entrySet()) {
      Path jar = e.getKey();
      Stamp stamp = e.getValue();
      Known k = known.get(jar);
      if ((k != null && k.stamp().equals(stamp)) || stamp.equals(rejected.get(jar))) {
        continue;
      }
      if (stamp.size() > verifier.maxFileBytes()) {
        // Refused by its size alone, never read (a 2 GB file must not cost a read per scan).
        if (k != null) {
          forget(jar);
        }
        settling.remove(jar);
        reject(
            jar,
            stamp,
            List.of(
                "the file is "
                    + stamp.size()
                    + " bytes, more than the "
                    + verifier.maxFileBytes()
                    + " bytes a JAR may have; it was not read"));
        continue;
      }
      if (k != null) {
        forget(jar); // changed in place: the old content is gone
      }
      if (stamp.equals(settling.get(jar))) {
        settling.remove(jar);
        inspect(jar, stamp);
      } else {
        settling.put(jar, stamp);
      }
    }
  }

  private Map<Path, Stamp> listJars() {
    Map<Path, Stamp> out = new HashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!p.getFileName().toString().endsWith(".jar")) {
          continue;
        }
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            out.put(p, new Stamp(a.size(), a.lastModifiedTime().toMillis()));
          }
        } catch (NoSuchFileException raced) {
          // Removed between listing and reading: the next scan sees it gone.
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot list plugins folder " + folder + ": " + e.getMessage(), e);
    }
    return out;
  }

  private void inspect(Path jar, Stamp stamp) {
    JarInspection result = verifier.inspect(jar, decisionTime.get());
    result.codeHash().ifPresent(h -> known.put(jar, new Known(stamp, h)));
    String name = jar.getFileName().toString();
    if (result.passed() && result.codeHash().isPresent()) {
      HashCode hash = result.codeHash().get();
      String signer = result.signerSubject().orElse("unknown");
      log.info(
          "accepted {} (code hash {}, signer {})",
          result.declaredVersion().map(v -> "runtime " + v).orElse("migration plugin " + name),
          hash,
          signer);
      publish(new FolderEvent.Accepted(jar, hash, result.declaredVersion(), signer));
    } else {
      reject(jar, stamp, result.problems());
    }
  }

  private void reject(Path jar, Stamp stamp, List<String> problems) {
    rejected.put(jar, stamp);
    log.warn("rejected {}: {}", jar.getFileName(), String.join("; ", problems));
    publish(new FolderEvent.Rejected(jar, ImmutableList.copyOf(problems)));
  }

  private void forget(Path jar) {
    Known k = known.remove(jar);
    if (k == null) {
      return;
    }
    Optional<ProposalRecord> needing =
        openProposal
            .get()
            .filter(p -> p.status() == ProposalStatus.SCHEDULED)
            .filter(p -> needs(p, k.hash()));
    String name = jar.getFileName().toString();
    if (needing.isPresent()) {
      long id = needing.get().id();
      log.error(
          "the approved upgrade {} needs {} (code hash {}), which was just deleted: put it back;"
              + " without it this node halts at height {} if it restarts before then",
          id,
          name,
          k.hash(),
          needing.get().activationHeight().orElse(0));
      publish(new FolderEvent.NeededJarDeleted(jar, k.hash(), id));
    } else {
      log.info("{} left the plugins folder (no scheduled upgrade needs it)", name);
      publish(new FolderEvent.Removed(jar));
    }
  }

  private static boolean needs(ProposalRecord p, HashCode hash) {
    if (p.proposal().codeHash().equals(hash)) {
      return true;
    }
    return p.proposal()
        .migrationPlan()
        .map(plan -> plan.pluginHashes().containsValue(hash))
        .orElse(false);
  }

  private void publish(FolderEvent event) {
    for (Consumer<FolderEvent> l : listeners) {
      l.accept(event);
    }
  }

  /** Stops scanning. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
