package io.forkless.host.governance;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.host.codec.Codec;
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

  /**
   * Writes the plan in its canonical form (see {@link Codec}); {@code toVersion} is not written.
   */
  void writeTo(Codec.Writer w) {
    w.version(plan.fromVersion())
        .i64(plan.estimatedDurationSecs())
        .bool(plan.requiresPause())
        .i32(plan.migrationNames().size());
    for (String name : plan.migrationNames()) {
      w.string(name).hash(pluginHashes.get(name));
    }
  }

  /** Reads what {@link #writeTo} wrote, for a plan leading to {@code toVersion}. */
  static HashedMigrationPlan readFrom(Codec.Reader r, io.forkless.api.RuntimeVersion toVersion) {
    io.forkless.api.RuntimeVersion from = r.version("plan from version");
    long estimate = r.i64("estimated duration");
    boolean pause = r.bool("requires pause");
    int count = r.i32("migration count");
    if (count < 0 || count > 64) {
      throw new IllegalArgumentException("a plan has 0..64 migrations but said " + count);
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    ImmutableMap.Builder<String, HashCode> hashes = ImmutableMap.builder();
    for (int i = 0; i < count; i++) {
      String name = r.string("migration name");
      names.add(name);
      hashes.put(name, r.hash("migration code hash"));
    }
    return new HashedMigrationPlan(
        new MigrationPlan(from, toVersion, names, estimate, pause), hashes.buildOrThrow());
  }
}
