package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.StagedCommit;
import io.forkless.host.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link Chain} on a store: resumes at the stored head after checking it belongs to this
 * chain and matches the store's state root, or writes the genesis block into an empty store.
 */
final class ChainOpening {

  private static final Logger log = LoggerFactory.getLogger(Chain.class);

  private ChainOpening() {}

  /** See {@link Chain#open(StateStore, GenesisConfig, Function, ExecutionHooks)}. */
  static Chain open(
      StateStore store,
      GenesisConfig genesis,
      Function<HashCode, RuntimeBinding> resolver,
      ExecutionHooks hooks) {
    Optional<Long> stored = ChainRecords.headHeight(store);
    if (stored.isPresent()) {
      return resume(store, genesis, resolver, hooks, stored.get());
    }
    RuntimeBinding binding = resolver.apply(genesis.runtimeCodeHash());
    Overlay overlay = store.overlay();
    binding.runtime().initGenesis(HostNamespace.guard(overlay), genesis.runtime());
    hooks.initGenesis(overlay);
    StagedCommit staged = store.stage(overlay);
    BlockHeader header =
        new BlockHeader(
            genesis.chainId(),
            0,
            BlockHeader.GENESIS_PARENT,
            genesis.timestampMillis(),
            BlockHeader.txRoot(List.of()),
            staged.stateRoot(),
            binding.version(),
            binding.codeHash());
    Block block = new Block(header, List.of());
    store.commit(staged, ChainRecords.writes(block, List.of()));
    log.info("chain {} created, genesis {}", genesis.chainId(), block.hash());
    return new Chain(store, genesis.chainId(), resolver, hooks, block, binding);
  }

  private static Chain resume(
      StateStore store,
      GenesisConfig genesis,
      Function<HashCode, RuntimeBinding> resolver,
      ExecutionHooks hooks,
      long height) {
    Block head =
        ChainRecords.block(store, height)
            .orElseThrow(
                () ->
                    new ChainMismatchException(
                        "head points at block " + height + " which is not stored"));
    if (!head.header().chainId().equals(genesis.chainId())) {
      throw new ChainMismatchException(
          "the store holds chain \""
              + head.header().chainId()
              + "\", not \""
              + genesis.chainId()
              + "\": use this chain's own data folder");
    }
    if (!head.header().stateRoot().equals(store.stateRoot())) {
      throw new ChainMismatchException(
          "state root "
              + store.stateRoot()
              + " differs from head block "
              + head.height()
              + "'s "
              + head.header().stateRoot()
              + ": the store is corrupt");
    }
    RuntimeBinding binding = resolver.apply(head.header().runtimeCodeHash());
    log.info("chain {} resumed at height {} ({})", genesis.chainId(), head.height(), head.hash());
    return new Chain(store, genesis.chainId(), resolver, hooks, head, binding);
  }
}
