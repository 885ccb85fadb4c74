package io.forkless.testkit;

import io.forkless.api.BlockContext;
import io.forkless.api.MigrationPlan;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.MigrationReport;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.upgrade.UpgradeValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Activates a rehearsed upgrade at the start of a block's runtime phase, as the node's upgrade
 * coordinator does at the activation block: the plan's migrations on a child of the block's
 * overlay, the old runtime's invariants on the old state against the new runtime's on the migrated
 * state, the post-upgrade check (the state changes exactly when migrations ran), then the merge and
 * the new runtime for the block. Any failure throws, so the block is not committed.
 */
final class UpgradeHook implements io.forkless.host.chain.ExecutionHooks {

  /** An upgrade waiting for the next block. */
  record Pending(
      LoadedRuntime from, LoadedRuntime to, Optional<MigrationPlan> plan, StateMigrator migrator) {}

  /** What the activation did, before the block's state root is known. */
  record Activated(
      long height,
      List<MigrationReport> reports,
      Map<String, String> invariantsBefore,
      Map<String, String> invariantsAfter) {}

  private final UpgradeValidator validator = new UpgradeValidator();
  private final Function<LoadedRuntime, RuntimeBinding> bind;
  private @Nullable Pending pending;
  private @Nullable Activated activated;

  UpgradeHook(Function<LoadedRuntime, RuntimeBinding> bind) {
    this.bind = bind;
  }

  void schedule(Pending upgrade) {
    validator.validateUpgrade(upgrade.from(), upgrade.to().version(), upgrade.to(), upgrade.plan());
    pending = upgrade;
    activated = null;
  }

  /** The activation of the last block, if it activated the scheduled upgrade; clears both. */
  Optional<Activated> takeActivation() {
    Activated a = activated;
    pending = null;
    activated = null;
    return Optional.ofNullable(a);
  }

  @Override
  public RuntimeBinding beginRuntimePhase(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    Pending p = pending;
    if (p == null) {
      return current;
    }
    Overlay upgrade = blockOverlay.child();
    try {
      boolean migrated = p.plan().map(pl -> !pl.migrationNames().isEmpty()).orElse(false);
      Map<String, String> before = Map.of();
      Map<String, String> after = Map.of();
      List<MigrationReport> reports = List.of();
      if (migrated) {
        before =
            p.from()
                .runtime()
                .invariants(HostNamespace.guard(StateMigrator.readOnlyView(blockOverlay)));
        reports =
            p.migrator()
                .run(p.plan().get(), upgrade, io.forkless.host.migration.MigrationProgress.NONE);
        after =
            p.to().runtime().invariants(HostNamespace.guard(StateMigrator.readOnlyView(upgrade)));
        validator.validateInvariants(before, after);
      }
      validator.validateStateChange(upgrade.changesBelow(), migrated);
      upgrade.mergeIntoParent();
      activated = new Activated(ctx.height(), reports, before, after);
      return bind.apply(p.to());
    } catch (RuntimeException e) {
      pending = null;
      throw new UpgradeFailedException(
          "upgrade from "
              + p.from().version()
              + " to "
              + p.to().version()
              + " failed at height "
              + ctx.height()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      if (!upgrade.isClosed()) {
        upgrade.discard();
      }
    }
  }
}
