package io.forkless.host.upgrade;

import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationCursor;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.migration.SteppedMigrationDriver;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.SnapshotView;
import io.forkless.host.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Both runtimes' invariants of a multi-block migration, computed on a second thread while its
 * stepped validation runs, so the block that swaps does not read the whole state. Only for a plan
 * that pauses users: from the block after the migrations are done until the swap nothing writes a
 * runtime key (user transactions and re-executions wait, governance writes host keys), so the
 * committed state read meanwhile is exactly the migrated state the swap block would read, and the
 * result is the same on every node; only when it is ready differs, and the swap block waits for it.
 * The previous runtime's invariants read the pre-upgrade snapshot, which never changes. A restarted
 * node starts them again in its next block. Used on the block thread, under the coordinator's lock.
 */
final class StepInvariants {

  private final StateStore store;
  private @Nullable CompletableFuture<List<Map<String, String>>> future;
  private long forUpgrade = -1;

  StepInvariants(StateStore store) {
    this.store = store;
  }

  /**
   * Starts the invariants of {@code m} when the committed state has its plan in the validation
   * phase, users are paused, and they are not running yet.
   */
  void startIfValidating(
      SteppedMigrationDriver driver,
      MigratingUpgrade m,
      LoadedRuntime previous,
      LoadedRuntime next,
      Supplier<SnapshotId> snapshot) {
    if (!m.pausesUsers() || (future != null && forUpgrade == m.upgradeId())) {
      return;
    }
    Optional<MigrationCursor> at =
        SteppedMigrationDriver.cursor(store.committed())
            .filter(c -> c.upgradeId() == m.upgradeId());
    if (at.isEmpty() || !driver.validating(at.get())) {
      return;
    }
    SnapshotId id = snapshot.get();
    future =
        UpgradeActivation.beside(
            () -> {
              try (SnapshotView was = store.openSnapshot(id)) {
                Map<String, String> before =
                    previous.runtime().invariants(StateMigrator.readOnlyView(was));
                Map<String, String> after =
                    next.runtime().invariants(StateMigrator.readOnlyView(store.committed()));
                return List.of(before, after);
              }
            });
    forUpgrade = m.upgradeId();
  }

  /**
   * The invariants of upgrade {@code upgradeId} (previous runtime's, new runtime's), waiting for
   * them; empty when they were not started for it.
   *
   * @throws RuntimeException or {@link Error}, what the runtimes threw
   */
  Optional<List<Map<String, String>>> result(long upgradeId) {
    CompletableFuture<List<Map<String, String>>> f = future;
    if (f == null || forUpgrade != upgradeId) {
      return Optional.empty();
    }
    return Optional.of(UpgradeActivation.join(f));
  }

  /** The migration ended: a result still computing is ignored. */
  void forget() {
    future = null;
    forUpgrade = -1;
  }
}
