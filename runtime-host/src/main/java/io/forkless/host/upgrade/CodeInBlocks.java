package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.code.Attestations;
import io.forkless.host.code.CodeParameters;
import io.forkless.host.code.CodeStore;
import io.forkless.host.governance.Governance;
import io.forkless.host.governance.ProposalRecord;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Code in state within the block lifecycle: the genesis runtime's bytes at genesis, upload
 * transactions checked against the open proposal, and pruning at the end of each block's host phase
 * of code that nothing references.
 */
public final class CodeInBlocks {

  private final CodeStore store;
  private final Attestations attestations;
  private final CodeParameters genesisParameters;
  private final Supplier<byte[]> genesisRuntime;

  /**
   * @param genesisParameters the code parameters a new chain's genesis state records
   * @param genesisRuntime the genesis runtime's JAR, read only when this node creates the chain
   */
  public CodeInBlocks(
      CodeStore store, CodeParameters genesisParameters, Supplier<byte[]> genesisRuntime) {
    this.store = store;
    this.attestations = new Attestations(store);
    this.genesisParameters = genesisParameters;
    this.genesisRuntime = genesisRuntime;
  }

  public CodeStore store() {
    return store;
  }

  public Attestations attestations() {
    return attestations;
  }

  Receipt applyAttestation(
      State txOverlay, BlockContext ctx, byte[] payload, Governance governance) {
    return attestations.apply(
        txOverlay,
        ctx.height(),
        payload,
        governance.chainId(),
        governance.validators(),
        governance.openProposal(txOverlay));
  }

  Attestations.Decision decide(State blockOverlay, ProposalRecord p, long height, Governance g) {
    return attestations.decide(
        blockOverlay, p, height, g.validators(), g.config().approvalThreshold());
  }

  void initGenesis(State state) {
    store.initGenesis(state, genesisParameters, genesisRuntime.get());
  }

  Receipt applyUpload(
      State txOverlay, BlockContext ctx, byte[] payload, Optional<ProposalRecord> open) {
    return store.apply(txOverlay, ctx.height(), payload, named(open));
  }

  /** The code hashes a proposal names: its runtime and its plan's plugins. */
  public static Set<HashCode> named(Optional<ProposalRecord> open) {
    Set<HashCode> named = new LinkedHashSet<>();
    open.ifPresent(
        r -> {
          named.add(r.proposal().codeHash());
          r.proposal().migrationPlan().ifPresent(p -> named.addAll(p.pluginHashes().values()));
        });
    return named;
  }

  /**
   * The code that must stay: the runtime of this block, the runtimes retained for rollback (before
   * and after each retained upgrade) and the open proposal's code.
   */
  static Set<HashCode> referenced(StateView state, HashCode activeCode, Governance governance) {
    Set<HashCode> keep = new LinkedHashSet<>();
    keep.add(activeCode);
    LifecycleRecords.activeRuntime(state).ifPresent(a -> keep.add(a.codeHash()));
    for (RetainedUpgrade u : LifecycleRecords.retained(state)) {
      keep.add(u.previousCodeHash());
      keep.add(u.upgradedCodeHash());
    }
    keep.addAll(named(governance.openProposal(state)));
    return keep;
  }

  void prune(State blockOverlay, long height, HashCode activeCode, Governance governance) {
    store.prune(blockOverlay, height, referenced(blockOverlay, activeCode, governance));
  }
}
