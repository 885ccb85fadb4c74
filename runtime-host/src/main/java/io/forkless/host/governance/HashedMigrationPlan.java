package io.forkless.host.governance;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import java.util.HashSet;

/**
 * A migration plan bound to the code: each named migration with the SHA-256 of the plugin JAR that
 * must provide it. Approving the proposal approves exactly these JARs, so a plugin swapped after
 * approval can never run.
 *
 * @param plan the migrations to run, in order
 * @param pluginHashes for every migration name of the plan, the code hash of its plugin JAR
 */
public record HashedMigrationPlan(MigrationPlan plan, ImmutableMap<String, HashCode> pluginHashes) {

  public HashedMigrationPlan {
    if (!new HashSet<>(plan.migrationNames()).equals(pluginHashes.keySet())) {
      throw new IllegalArgumentException(
          "every migration of the plan needs exactly one plugin code hash: plan names "
              + plan.migrationNames()
              + " but hashes are given for "
              + pluginHashes.keySet());
    }
    for (var e : pluginHashes.entrySet()) {
      if (e.getValue().bits() != 256) {
        throw new IllegalArgumentException(
            "code hash of migration '" + e.getKey() + "' must be SHA-256 (32 bytes)");
      }
    }
  }
}
