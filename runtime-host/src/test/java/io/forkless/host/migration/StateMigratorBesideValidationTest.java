package io.forkless.host.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.Overlay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reader the activation starts beside the last migration's {@code validate} (the new runtime's
 * invariants): it sees the fully migrated state, the run waits for it before merging, and it never
 * changes which failure the run reports.
 */
class StateMigratorBesideValidationTest {

  private static final RuntimeVersion FROM = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion TO = RuntimeVersion.of(2, 0, 0);
  private static final byte[] LOG = "log".getBytes(StandardCharsets.UTF_8);

  private final MemoryStateStore store = MemoryStateStore.create();
  private final CountDownLatch validating = new CountDownLatch(1);

  /** Appends its name to "log"; optionally fails in migrate or validate. */
  private StateMigration step(String name, boolean failMigrate, boolean failValidate) {
    return new StateMigration() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void migrate(State state, MigrationContext context) {
        String log = state.get(LOG).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        state.put(LOG, (log + name + ";").getBytes(StandardCharsets.UTF_8));
        if (failMigrate) {
          throw new MigrationException(name, LOG, "boom");
        }
      }

      @Override
      public void validate(StateView before, StateView after) {
        validating.countDown();
        if (failValidate) {
          throw new MigrationException(name, "validation says no");
        }
      }
    };
  }

  private StateMigrator migrator(StateMigration... migrations) {
    StateMigrator migrator = new StateMigrator();
    for (StateMigration m : migrations) {
      migrator.registerMigration(m);
    }
    return migrator;
  }

  private static MigrationPlan plan(String... names) {
    return new MigrationPlan(FROM, TO, List.of(names), 1, false);
  }

  @Test
  void readsTheFullyMigratedStateOnceAndIsFinishedBeforeTheRunReturns() {
    StateMigrator migrator = migrator(step("a", false, false), step("b", false, false));
    List<CompletableFuture<String>> started = new ArrayList<>();

    migrator.run(
        plan("a", "b"),
        store.overlay(),
        MigrationProgress.NONE,
        migrated -> {
          // Reads only once the last validate runs: the run must wait for it before merging.
          CompletableFuture<String> f =
              CompletableFuture.supplyAsync(
                  () -> {
                    await(validating);
                    return migrated.get(LOG).map(b -> new String(b, StandardCharsets.UTF_8)).get();
                  });
          started.add(f);
          return f;
        });

    assertThat(started).hasSize(1);
    assertThat(started.get(0)).as("awaited before the merge").isDone();
    assertThat(started.get(0).join()).isEqualTo("a;b;");
  }

  @Test
  void aFailedValidationIsReportedEvenWhenTheReaderBesideFailedToo() {
    StateMigrator migrator = migrator(step("a", false, true));
    Overlay target = store.overlay();

    assertThatThrownBy(
            () ->
                migrator.run(
                    plan("a"),
                    target,
                    MigrationProgress.NONE,
                    migrated ->
                        CompletableFuture.failedFuture(new IllegalStateException("beside"))))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("validation failed");
    assertThat(target.writeCount()).isZero();
  }

  @Test
  void theReadersFailureIsLeftToTheCallerWhenTheMigrationsSucceed() {
    StateMigrator migrator = migrator(step("a", false, false));
    Overlay target = store.overlay();
    CompletableFuture<Object> failed =
        CompletableFuture.failedFuture(new IllegalStateException("beside"));

    migrator.run(plan("a"), target, MigrationProgress.NONE, migrated -> failed);

    assertThat(target.get(LOG)).isPresent();
    assertThat(failed).isCompletedExceptionally();
  }

  @Test
  void isNotStartedWhenAMigrationThrows() {
    StateMigrator migrator = migrator(step("a", true, false));
    List<Optional<byte[]>> seen = new ArrayList<>();

    assertThatThrownBy(
            () ->
                migrator.run(
                    plan("a"),
                    store.overlay(),
                    MigrationProgress.NONE,
                    migrated -> {
                      seen.add(migrated.get(LOG));
                      return CompletableFuture.completedFuture(null);
                    }))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("migration threw");
    assertThat(seen).isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("validate never started");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
