package io.forkless.host.upgrade;

import io.forkless.api.MigrationPlan;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.StateMigrator;
import java.util.List;
import java.util.Optional;

/** An upgrade verified, loaded and waiting for its activation height. */
record PendingUpgrade(
    UpgradeRecord record,
    LoadedRuntime staged,
    Optional<MigrationPlan> plan,
    List<LoadedMigrationPlugin> plugins,
    StateMigrator migrator) {}
