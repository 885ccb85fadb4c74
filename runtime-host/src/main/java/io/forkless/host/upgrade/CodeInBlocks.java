package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.TransactionValidity;
import io.forkless.host.code.Attestation;
import io.forkless.host.code.Attestations;
import io.forkless.host.code.CodeParameters;
import io.forkless.host.code.CodeStore;
import io.forkless.host.code.CodeUpload;
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

  /**
   * The mempool's check of a host transaction against the committed state: code uploads and
   * pre-check verdicts here (#14), governance transactions by governance. A chunk already on chain
   * (or before the chain's progress) becomes invalid, so the mempool evicts it after each block.
   */
  public TransactionValidity validate(StateView state, byte[] payload, Governance governance) {
    if (CodeUpload.isCodeUpload(payload)) {
      return validateUpload(state, payload, governance);
    }
    if (Attestation.isAttestation(payload)) {
      return validateAttestation(state, payload, governance);
    }
    return governance.validate(state, payload);
  }

  private TransactionValidity validateUpload(StateView state, byte[] payload, Governance g) {
    CodeUpload u;
    try {
      u = CodeUpload.decode(payload);
    } catch (IllegalArgumentException e) {
      return TransactionValidity.invalid("malformed code upload: " + e.getMessage());
    }
    CodeStore.Status status = store.status(state, u.codeHash());
    CodeParameters p = store.parameters(state);
    if (status.complete()) {
      return TransactionValidity.invalid("code " + u.codeHash() + " is already on chain");
    }
    if (!named(g.openProposal(state)).contains(u.codeHash())) {
      return TransactionValidity.invalid("no open proposal names code hash " + u.codeHash());
    }
    if (u.declaredSize() > p.maxCodeSize() || u.length() > p.maxChunkBytes()) {
      return TransactionValidity.invalid(
          "code upload over the chain's limits (code "
              + p.maxCodeSize()
              + " bytes, chunk "
              + p.maxChunkBytes()
              + " bytes)");
    }
    if (u.offset() < status.received()) {
      return TransactionValidity.invalid(
          "duplicate chunk: the chain already has " + status.received() + " bytes");
    }
    return TransactionValidity.unordered();
  }

  private TransactionValidity validateAttestation(StateView state, byte[] payload, Governance g) {
    Attestation.Signed signed;
    try {
      signed = Attestation.decode(payload);
    } catch (IllegalArgumentException e) {
      return TransactionValidity.invalid("malformed pre-check attestation: " + e.getMessage());
    }
    Attestation a = signed.attestation();
    Optional<ProposalRecord> open = g.openProposal(state);
    if (open.isEmpty() || open.get().id() != a.proposalId()) {
      return TransactionValidity.invalid("proposal " + a.proposalId() + " is not open");
    }
    var validator = g.validators().get(a.validator());
    if (validator.isEmpty() || !signed.verifies(g.chainId(), validator.get().publicKey())) {
      return TransactionValidity.invalid("not a verdict signed by validator " + a.validator());
    }
    if (attestations.hasVerdict(state, a.proposalId(), a.validator())) {
      return TransactionValidity.invalid(a.validator() + " already filed a verdict");
    }
    return TransactionValidity.unordered();
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
