package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.loader.LoadedRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed's upgrade validator: the checks before an upgrade is scheduled ({@link
 * #validateUpgrade}) and after its migrations ran ({@link #validatePostUpgrade}, {@link
 * #validateInvariants}). Stateless and thread-safe.
 */
public final class UpgradeValidator {

  /**
   * Checks that {@code code}, already verified and loaded, may replace the runtime {@code current}.
   *
   * @throws UpgradeRefusedException listing every problem: a version {@code current} cannot upgrade
   *     to, a declared version that differs from the requested one, a state layout change without a
   *     migration plan, or a plan whose versions do not match
   */
  public void validateUpgrade(
      LoadedRuntime current,
      RuntimeVersion requested,
      LoadedRuntime code,
      Optional<MigrationPlan> plan) {
    List<String> problems = new ArrayList<>();
    RuntimeVersion from = current.version();
    if (!code.version().equals(requested)) {
      problems.add(
          "the JAR declares version " + code.version() + " but the upgrade asks for " + requested);
    }
    if (!from.canUpgradeTo(requested)) {
      problems.add(
          "cannot upgrade from "
              + from
              + " to "
              + requested
              + " (it must be newer and skip no major version)");
    }
    int oldLayout = current.runtime().stateLayoutVersion();
    int newLayout = code.runtime().stateLayoutVersion();
    if (oldLayout != newLayout && plan.isEmpty()) {
      problems.add(
          requested
              + " changes the state layout from "
              + oldLayout
              + " to "
              + newLayout
              + " and needs a migration plan");
    }
    plan.ifPresent(
        p -> {
          if (!p.fromVersion().equals(from)) {
            problems.add(
                "migration plan starts from "
                    + p.fromVersion()
                    + " but the active runtime is "
                    + from);
          }
          if (!p.toVersion().equals(requested)) {
            problems.add(
                "migration plan leads to " + p.toVersion() + " but the upgrade is to " + requested);
          }
        });
    if (!problems.isEmpty()) {
      throw new UpgradeRefusedException(
          "upgrade to " + requested + " refused: " + String.join("; ", problems));
    }
  }

  /**
   * The seed's post-upgrade check: when migrations ran, the state root must change (a plan that
   * changed nothing did not migrate); an upgrade without migrations must keep it.
   *
   * @throws UpgradeRefusedException saying which
   */
  public void validatePostUpgrade(HashCode oldRoot, HashCode newRoot, boolean migrationsRan) {
    if (migrationsRan && oldRoot.equals(newRoot)) {
      throw new UpgradeRefusedException(
          "state not migrated: the migrations ran but the state root is still " + oldRoot);
    }
    if (!migrationsRan && !oldRoot.equals(newRoot)) {
      throw new UpgradeRefusedException(
          "an upgrade without migrations changed the state root from "
              + oldRoot
              + " to "
              + newRoot);
    }
  }

  /**
   * The same rule as {@link #validatePostUpgrade} when the roots themselves are not at hand: {@code
   * stateChanged} says whether the migrations changed any value (and so the root).
   *
   * @throws UpgradeRefusedException saying which rule broke
   */
  public void validateStateChange(boolean stateChanged, boolean migrationsRan) {
    if (migrationsRan && !stateChanged) {
      throw new UpgradeRefusedException(
          "state not migrated: the migrations ran but changed no value, so the state root is"
              + " unchanged");
    }
    if (!migrationsRan && stateChanged) {
      throw new UpgradeRefusedException("an upgrade without migrations changed the state");
    }
  }

  /**
   * Compares the invariants the old runtime reports on the old state with those the new runtime
   * reports on the migrated state, for every name both report (e.g. {@code totalSupply}).
   *
   * @throws UpgradeRefusedException naming each invariant that changed
   */
  public void validateInvariants(Map<String, String> before, Map<String, String> after) {
    List<String> broken = new ArrayList<>();
    for (Map.Entry<String, String> e : before.entrySet()) {
      String now = after.get(e.getKey());
      if (now != null && !Objects.equals(now, e.getValue())) {
        broken.add(e.getKey() + " changed from " + e.getValue() + " to " + now);
      }
    }
    if (!broken.isEmpty()) {
      throw new UpgradeRefusedException("invariant broken: " + String.join("; ", broken));
    }
  }
}
