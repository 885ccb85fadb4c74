package io.forkless.host.upgrade;

import io.forkless.api.MigrationPlan;
import io.forkless.api.StateView;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationProgress;
import io.forkless.host.migration.MigrationReport;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.Overlay;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The activation's migration and checks, as one unit that the activation block and {@code forkless
 * migrate --dry-run} both run, so a dry run's verdict is the activation's on the same state: the
 * plan's migrations into a child overlay of the state before (each migration's own {@code validate}
 * inside the migrator), the old runtime's invariants on the old state against the new runtime's on
 * the migrated state (only when migrations ran: they cost a scan of the whole state), and the
 * post-upgrade rule (the state changes exactly when migrations ran). Loaded code is reached through
 * its guarded handles only.
 */
public final class UpgradeActivation {

  private static final UpgradeValidator VALIDATOR = new UpgradeValidator();

  private UpgradeActivation() {}

  /** Whether the plan runs any migration. */
  public static boolean migrates(Optional<MigrationPlan> plan) {
    return plan.map(p -> !p.migrationNames().isEmpty()).orElse(false);
  }

  /**
   * Migrates {@code into} (a child overlay of {@code before}) and checks the result.
   *
   * @return the migrations' reports
   * @throws RuntimeException or {@link LinkageError}, whatever the migration or runtime code throws
   *     or a check refuses: the upgrade fails, alike on every node
   */
  public static List<MigrationReport> run(
      LoadedRuntime active,
      LoadedRuntime next,
      Optional<MigrationPlan> plan,
      StateMigrator migrator,
      StateView before,
      Overlay into,
      MigrationProgress progress) {
    boolean migrated = migrates(plan);
    if (!migrated) {
      check(next, Map.of(), into, false);
      return List.of();
    }
    // The old runtime's invariants read the state before (the block's overlay), which the
    // migration does not write (it writes a child of it): on the second core, meanwhile. The
    // outcome is the sequential one: a failure of the invariants wins over the migration's.
    CompletableFuture<Map<String, String>> invariants =
        beside(() -> invariantsBefore(active, before, true));
    List<MigrationReport> reports = null;
    Throwable migrationFailure = null;
    try {
      reports = migrator.run(plan.orElseThrow(), into, progress);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      migrationFailure = e;
    }
    Map<String, String> invariantsBefore = join(invariants);
    if (migrationFailure != null) {
      throw rethrow(migrationFailure);
    }
    check(next, invariantsBefore, into, true);
    return reports;
  }

  /** One daemon thread for the old runtime's invariants, beside the migrating block thread. */
  private static final Executor BEFORE =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "forkless-invariants-before");
            t.setDaemon(true);
            return t;
          });

  /** Runs {@code work} on a second thread; {@link #join} it. */
  static <T> CompletableFuture<T> beside(java.util.function.Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, BEFORE);
  }

  /** The value of {@code f}, or what it threw, as thrown. */
  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw rethrow(e.getCause() == null ? e : e.getCause());
    }
  }

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  /** The old runtime's invariants on the state before, when migrations will run (else none). */
  public static Map<String, String> invariantsBefore(
      LoadedRuntime active, StateView before, boolean migrated) {
    return migrated ? active.runtime().invariants(before) : Map.of();
  }

  /**
   * The checks after the migrations: invariants (when migrations ran) and the post-upgrade rule, on
   * {@code migrated} (the child overlay the migrations wrote).
   *
   * @return the new runtime's invariants on the migrated state (none when no migration ran)
   * @throws UpgradeRefusedException saying which rule broke, or whatever the runtime throws
   */
  public static Map<String, String> check(
      LoadedRuntime next, Map<String, String> invariantsBefore, Overlay migrated, boolean ran) {
    Map<String, String> after = Map.of();
    if (ran) {
      after = next.runtime().invariants(StateMigrator.readOnlyView(migrated));
      VALIDATOR.validateInvariants(invariantsBefore, after);
    }
    // The seed's validatePostUpgrade(oldRoot, newRoot) without hashing the migrated state twice:
    // the root changes exactly when the migration changed a value; this stops at the first one.
    VALIDATOR.validateStateChange(migrated.changesBelow(), ran);
    return after;
  }

  /** The failure's cause as the activation block records it. */
  public static String cause(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }
}
