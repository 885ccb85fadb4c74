package io.forkless.testkit;

import io.forkless.api.RuntimeVersion;
import java.util.List;
import java.util.Map;

/**
 * What an upgrade rehearsed on a {@link TestChain} did, as the node would report it.
 *
 * @param from the runtime version before
 * @param to the runtime version after
 * @param height the activation block's height
 * @param migrations each migration run, in plan order
 * @param invariantsBefore the old runtime's invariants on the old state (empty without migrations)
 * @param invariantsAfter the new runtime's invariants on the migrated state (empty without
 *     migrations)
 * @param stateRootBefore the state root (hex) before the activation block
 * @param stateRootAfter the state root (hex) after it
 */
public record UpgradeReport(
    RuntimeVersion from,
    RuntimeVersion to,
    long height,
    List<Migration> migrations,
    Map<String, String> invariantsBefore,
    Map<String, String> invariantsAfter,
    String stateRootBefore,
    String stateRootAfter) {

  /**
   * One migration of the plan.
   *
   * @param name its {@code StateMigration.name()}
   * @param keysWritten keys it wrote (put or deleted)
   */
  public record Migration(String name, long keysWritten) {}

  public UpgradeReport {
    migrations = List.copyOf(migrations);
    invariantsBefore = Map.copyOf(invariantsBefore);
    invariantsAfter = Map.copyOf(invariantsAfter);
  }
}
