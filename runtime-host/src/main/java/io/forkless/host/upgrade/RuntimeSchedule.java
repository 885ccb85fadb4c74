package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.StateView;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which runtime a block runs, decided from chain state alone (compare Besu's {@code
 * ProtocolSchedule.getByBlockHeader}): the head's header names the runtime a restarted node starts
 * with, and the lifecycle's runtime record (set by an activation or a rollback) names the runtime
 * of every block from there on. No stateful callback decides it.
 */
final class RuntimeSchedule {

  private static final Logger log = LoggerFactory.getLogger(RuntimeSchedule.class);

  private final RuntimeRegistry registry;

  RuntimeSchedule(RuntimeRegistry registry) {
    this.registry = registry;
  }

  /** The runtime of the stored head block ({@code initial} on an empty store or at genesis). */
  LoadedRuntime atHead(StateStore store, LoadedRuntime initial) {
    return Chain.storedHeadHeight(store)
        .flatMap(h -> Chain.storedBlock(store, h))
        .map(head -> loadedOrInitial(head.header().runtimeCodeHash(), initial))
        .orElse(initial);
  }

  private LoadedRuntime loadedOrInitial(HashCode codeHash, LoadedRuntime initial) {
    if (codeHash.equals(initial.codeHash())) {
      return initial;
    }
    registry.apply(codeHash);
    return registry.loaded(codeHash).orElse(initial);
  }

  /** Loads a retained upgrade's previous runtime ahead of a rollback; warns when it cannot. */
  void preload(RetainedUpgrade u) {
    try {
      registry.apply(u.previousCodeHash());
    } catch (RuntimeException e) {
      log.warn(
          "Upgrade {} can be rolled back only once runtime {} (code hash {}) is loadable: {}",
          u.upgradeId(),
          u.previousVersion(),
          u.previousCodeHash(),
          e.getMessage());
    }
  }

  /** The runtime the state names for this block (set by an activation or a rollback). */
  RuntimeBinding forBlock(StateView state, RuntimeBinding current) {
    return LifecycleRecords.activeRuntime(state)
        .filter(a -> !a.codeHash().equals(current.codeHash()))
        .map(a -> registry.apply(a.codeHash()))
        .orElse(current);
  }
}
