package io.forkless.host.upgrade;

import io.forkless.api.StateMigration;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Approved code made ready ahead of its activation: the runtime verified and loaded, the migration
 * plugins verified and loaded, the plan's migrations registered in a migrator of its own, and the
 * upgrade checked against the active runtime ({@link UpgradeValidator#validateUpgrade}).
 *
 * @param runtime the staged runtime
 * @param plugins the plan's migration plugins (closed by whoever drops the upgrade)
 * @param migrator the migrations available to the plan
 */
record StagedUpgrade(
    LoadedRuntime runtime, List<LoadedMigrationPlugin> plugins, StateMigrator migrator) {

  /**
   * Verifies, loads and checks the code of {@code request}.
   *
   * @throws UpgradeRefusedException or {@link io.forkless.host.loader.RuntimeRejectedException}
   *     saying why; nothing stays loaded
   */
  static StagedUpgrade load(
      RuntimeRegistry registry,
      StateMigrator shared,
      UpgradeValidator validator,
      LoadedRuntime active,
      UpgradeRequest request) {
    Instant decisionTime = registry.referenceTime();
    LoadedRuntime staged =
        registry.loadRuntime(request.code().jar(), request.code().codeHash(), decisionTime);
    if (staged == active) {
      throw new UpgradeRefusedException(
          "runtime " + staged.version() + " (" + staged.codeHash() + ") is already active");
    }
    List<LoadedMigrationPlugin> plugins = new ArrayList<>();
    try {
      StateMigrator planMigrator = new StateMigrator();
      for (String name : shared.migrationNames()) {
        planMigrator.registerMigration(shared.migration(name).orElseThrow());
      }
      for (RuntimeCode pluginCode : request.migrationPlugins()) {
        LoadedMigrationPlugin plugin =
            registry.loadPlugin(pluginCode.jar(), pluginCode.codeHash(), decisionTime);
        plugins.add(plugin);
        for (StateMigration m : plugin.migrations().values()) {
          try {
            planMigrator.registerMigration(m);
          } catch (IllegalArgumentException e) {
            throw new UpgradeRefusedException(e.getMessage(), e);
          }
        }
      }
      validator.validateUpgrade(active, request.version(), staged, request.plan());
      if (request.plan().isPresent()) {
        try {
          planMigrator.checkRunnable(request.plan().get());
        } catch (IllegalArgumentException e) {
          throw new UpgradeRefusedException(e.getMessage(), e);
        }
      }
      return new StagedUpgrade(staged, List.copyOf(plugins), planMigrator);
    } catch (RuntimeException e) {
      plugins.forEach(LoadedMigrationPlugin::close);
      registry.release(staged.codeHash());
      throw e;
    }
  }

  /**
   * Stages the code of {@code request} under the id {@code id} gives once loaded: loads it ({@link
   * #load}) and warms the runtime up on the committed state ({@link WarmUp}), passing a warm-up
   * failure to {@code onWarmUpFailure} (the upgrade is staged all the same).
   *
   * @throws UpgradeRefusedException or {@link io.forkless.host.loader.RuntimeRejectedException}
   *     saying why; nothing stays loaded
   */
  static PendingUpgrade pending(
      StateStore store,
      RuntimeRegistry registry,
      StateMigrator shared,
      UpgradeValidator validator,
      LoadedRuntime active,
      UpgradeRequest request,
      LongSupplier id,
      Consumer<WarmUpFailure> onWarmUpFailure) {
    StagedUpgrade loaded = load(registry, shared, validator, active, request);
    LoadedRuntime staged = loaded.runtime();
    try {
      UpgradeRecord record =
          new UpgradeRecord(
              id.getAsLong(),
              request.proposalId(),
              active.version(),
              staged.version(),
              staged.codeHash(),
              request.activationHeight(),
              UpgradeStatus.SCHEDULED,
              "");
      WarmUp.run(store, staged, record).ifPresent(onWarmUpFailure);
      return new PendingUpgrade(
          record, staged, request.plan(), loaded.plugins(), loaded.migrator());
    } catch (RuntimeException e) {
      loaded.plugins().forEach(LoadedMigrationPlugin::close);
      registry.release(staged.codeHash());
      throw e;
    }
  }

  /**
   * Verifies and loads a migration plugin and registers its migrations in {@code shared}.
   *
   * @throws UpgradeRefusedException when a migration's name is taken; nothing stays registered
   */
  static LoadedMigrationPlugin sharedPlugin(
      RuntimeRegistry registry, StateMigrator shared, RuntimeCode code) {
    LoadedMigrationPlugin plugin =
        registry.loadPlugin(code.jar(), code.codeHash(), registry.referenceTime());
    try {
      for (StateMigration m : plugin.migrations().values()) {
        shared.registerMigration(m);
      }
    } catch (IllegalArgumentException e) {
      plugin.migrations().keySet().forEach(shared::unregisterMigration);
      plugin.close();
      throw new UpgradeRefusedException(e.getMessage(), e);
    }
    return plugin;
  }
}
