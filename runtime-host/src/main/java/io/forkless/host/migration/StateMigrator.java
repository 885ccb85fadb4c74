package io.forkless.host.migration;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableList;
import io.forkless.api.HostFunctions;
import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code StateMigrator}: the migrations this node can run, by name, and the runner of a
 * {@link MigrationPlan}. Register migrations from verified plugins ({@code
 * io.forkless.host.loader.LoadedMigrationPlugin#migrations()}) or directly (tests, embedders).
 *
 * <p>{@link #run} executes exactly the plan's migrations, in the plan's order. Each runs in a child
 * of the target overlay; its {@code validate} sees the state before it (read-only) and after it;
 * only then is the child merged. On any failure every write of the plan is discarded: the target is
 * unchanged. Not thread-safe: registration and runs happen on the block thread.
 */
public final class StateMigrator {

  private static final Logger log = LoggerFactory.getLogger(StateMigrator.class);

  private final Map<String, StateMigration> byName = new LinkedHashMap<>();

  /**
   * Makes {@code migration} available to plans under its {@link StateMigration#name()}.
   *
   * @throws IllegalArgumentException if a migration of that name is already registered
   */
  public void registerMigration(StateMigration migration) {
    String name = migration.name();
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException(
          "a migration named '" + name + "' is already registered; migration names must be unique");
    }
    byName.put(name, migration);
  }

  /** Removes the migration registered under {@code name}, if any (its plugin was released). */
  public void unregisterMigration(String name) {
    byName.remove(name);
  }

  /** The registered migration names. */
  public Set<String> migrationNames() {
    return Set.copyOf(byName.keySet());
  }

  /** The migration registered under {@code name}. */
  public Optional<StateMigration> migration(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * Checks that every migration the plan names is registered.
   *
   * @throws IllegalArgumentException listing the missing names
   */
  public void checkRunnable(MigrationPlan plan) {
    List<String> missing = new ArrayList<>();
    for (String name : plan.migrationNames()) {
      if (!byName.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "no verified migration plugin provides "
              + missing
              + " (registered: "
              + byName.keySet()
              + "); drop the plugin JAR into the plugins folder");
    }
  }

  /**
   * Runs the plan's migrations in order on {@code target}. On success every migration's writes are
   * in {@code target}; on failure none are.
   *
   * @throws MigrationFailedException naming the failing migration (and key where known)
   * @throws IllegalArgumentException if a migration the plan names is not registered
   */
  public ImmutableList<MigrationReport> run(
      MigrationPlan plan, Overlay target, MigrationProgress progress) {
    checkRunnable(plan);
    Overlay planOverlay = target.child();
    ImmutableList.Builder<MigrationReport> reports = ImmutableList.builder();
    try {
      for (String name : plan.migrationNames()) {
        reports.add(runOne(byName.get(name), plan, planOverlay, progress));
      }
      planOverlay.mergeIntoParent();
      return reports.build();
    } finally {
      if (!planOverlay.isClosed()) {
        planOverlay.discard();
      }
    }
  }

  private MigrationReport runOne(
      StateMigration migration, MigrationPlan plan, Overlay parent, MigrationProgress progress) {
    String name = migration.name();
    Stopwatch watch = Stopwatch.createStarted();
    Overlay child = parent.child();
    try {
      try {
        migration.migrate(HostNamespace.guard(child), new Context(name, plan, progress));
      } catch (RuntimeException | StackOverflowError e) {
        throw failure(name, "migration threw", e);
      }
      try {
        migration.validate(
            HostNamespace.guard(readOnlyView(parent)), HostNamespace.guard(readOnlyView(child)));
      } catch (RuntimeException | StackOverflowError e) {
        throw failure(name, "validation failed", e);
      }
      long written = child.writeCount();
      child.mergeIntoParent();
      MigrationReport report = new MigrationReport(name, written, watch.elapsed());
      log.info("Migration '{}' wrote {} keys in {} ms", name, written, watch.elapsed().toMillis());
      return report;
    } finally {
      if (!child.isClosed()) {
        child.discard();
      }
    }
  }

  private static MigrationFailedException failure(String name, String what, Throwable e) {
    return SteppedMigrationDriver.failure(name, what, e);
  }

  /** A view of {@code view} that cannot be cast back to a writable state. */
  public static StateView readOnlyView(StateView view) {
    return new StateView() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return view.get(key);
      }

      @Override
      public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
        view.scan(prefix, action);
      }

      @Override
      public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
        view.scanAfter(prefix, after, action);
      }
    };
  }

  private static final class Context implements MigrationContext {
    private final String name;
    private final MigrationPlan plan;
    private final MigrationProgress progress;

    Context(String name, MigrationPlan plan, MigrationProgress progress) {
      this.name = name;
      this.plan = plan;
      this.progress = progress;
    }

    @Override
    public RuntimeVersion fromVersion() {
      return plan.fromVersion();
    }

    @Override
    public RuntimeVersion toVersion() {
      return plan.toVersion();
    }

    @Override
    public void progress(long keysProcessed, long estimatedTotal) {
      progress.progress(name, keysProcessed, estimatedTotal);
    }

    @Override
    public HostFunctions host() {
      return HostCrypto.INSTANCE;
    }
  }
}
