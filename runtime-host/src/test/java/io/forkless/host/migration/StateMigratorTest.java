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
import org.junit.jupiter.api.Test;

class StateMigratorTest {

  private static final RuntimeVersion FROM = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion TO = RuntimeVersion.of(2, 0, 0);

  private final List<String> ran = new ArrayList<>();
  private final MemoryStateStore store = MemoryStateStore.create();

  /** Appends its name to the key "log"; optionally fails in migrate or validate. */
  private StateMigration step(String name, boolean failMigrate, boolean failValidate) {
    return new StateMigration() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void migrate(State state, MigrationContext context) {
        ran.add(name);
        String log =
            state.get(key("log")).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        state.put(key("log"), (log + name + ";").getBytes(StandardCharsets.UTF_8));
        context.progress(1, 1);
        if (failMigrate) {
          throw new MigrationException(name, key("log"), "boom");
        }
      }

      @Override
      public void validate(StateView before, StateView after) {
        if (failValidate) {
          throw new MigrationException(name, "validation says no");
        }
      }
    };
  }

  private static byte[] key(String k) {
    return k.getBytes(StandardCharsets.UTF_8);
  }

  private static MigrationPlan plan(String... names) {
    return new MigrationPlan(FROM, TO, List.of(names), 1, false);
  }

  @Test
  void refusesTwoMigrationsWithTheSameName() {
    StateMigrator migrator = new StateMigrator();
    migrator.registerMigration(step("a", false, false));
    assertThatThrownBy(() -> migrator.registerMigration(step("a", false, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a migration named 'a' is already registered");
  }

  @Test
  void runsExactlyThePlansMigrationsInThePlansOrder() {
    StateMigrator migrator = new StateMigrator();
    migrator.registerMigration(step("a", false, false));
    migrator.registerMigration(step("b", false, false));
    migrator.registerMigration(step("unused", false, false));
    Overlay target = store.overlay();
    List<String> progress = new ArrayList<>();
    List<MigrationReport> reports =
        migrator.run(
            plan("b", "a"), target, (name, done, total) -> progress.add(name + done + "/" + total));
    assertThat(ran).containsExactly("b", "a");
    assertThat(progress).containsExactly("b1/1", "a1/1");
    assertThat(reports).extracting(MigrationReport::name).containsExactly("b", "a");
    assertThat(new String(target.get(key("log")).orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("b;a;");
  }

  @Test
  void aPlanNamingAnUnregisteredMigrationIsRefusedBeforeAnythingRuns() {
    StateMigrator migrator = new StateMigrator();
    migrator.registerMigration(step("a", false, false));
    assertThatThrownBy(
            () -> migrator.run(plan("a", "missing"), store.overlay(), MigrationProgress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no verified migration plugin provides [missing]");
    assertThat(ran).isEmpty();
  }

  @Test
  void aFailureInAnyMigrationOrValidationDiscardsEveryWriteOfThePlan() {
    for (boolean failInValidate : new boolean[] {false, true}) {
      StateMigrator migrator = new StateMigrator();
      migrator.registerMigration(step("first", false, false));
      migrator.registerMigration(step("second", !failInValidate, failInValidate));
      Overlay target = store.overlay();
      assertThatThrownBy(
              () -> migrator.run(plan("first", "second"), target, MigrationProgress.NONE))
          .isInstanceOf(MigrationFailedException.class)
          .satisfies(
              e -> assertThat(((MigrationFailedException) e).migrationName()).isEqualTo("second"))
          .hasMessageContaining(failInValidate ? "validation failed" : "migration threw");
      assertThat(target.get(key("log"))).as("nothing of 'first' survives").isEmpty();
      assertThat(target.writeCount()).isZero();
    }
  }
}
