package io.forkless.host.upgrade;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.host.ForklessException;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.chain.ExecutionHooks;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.code.Attestation;
import io.forkless.host.code.Attestations;
import io.forkless.host.code.CodeUpload;
import io.forkless.host.governance.Governance;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.UpgradeProposal;
import io.forkless.host.loader.RuntimeRejectedException;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.Overlay;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's hooks when governance drives upgrades: governance transactions are host transactions;
 * approved proposals are staged (verified and loaded from the node's code repository) as soon as
 * they are approved, and executed by the {@link UpgradeCoordinator} at their activation height.
 *
 * <p>Two kinds of failure (ARCHITECTURE.md). A deterministic failure (the bytecode verifier refuses
 * the code, the declared version is wrong, a migration, validation or invariant fails) happens
 * alike on every node: the proposal is recorded as failed in the activation block and the chain
 * goes on with the old runtime. A local failure (this node lacks the approved JAR, or its trust
 * store refuses the signer) must not let this node alone go on with the old runtime: the block is
 * not produced, an alert names what is missing, and production continues once the JAR is supplied.
 */
public final class GovernedUpgrades implements ExecutionHooks {

  private static final Logger log = LoggerFactory.getLogger(GovernedUpgrades.class);

  private final Governance governance;
  private final UpgradeCoordinator coordinator;
  private final Supplier<io.forkless.api.StateView> committedState;
  private final Set<Long> warnedMissing = new HashSet<>();
  private final CodeInBlocks code;
  private volatile Consumer<Block> blockListener = b -> {};

  /**
   * @param committedState the chain's committed state, read after each block to stage approved
   *     proposals early
   * @param code code in state: genesis code, uploads, pruning
   */
  public GovernedUpgrades(
      Governance governance,
      UpgradeCoordinator coordinator,
      Supplier<io.forkless.api.StateView> committedState,
      CodeInBlocks code) {
    this.governance = governance;
    this.coordinator = coordinator;
    this.committedState = committedState;
    this.code = code;
  }

  /** Called after each committed block, after staging (e.g. to offer local code for upload). */
  public void onBlockCommitted(Consumer<Block> listener) {
    this.blockListener = listener;
  }

  public CodeInBlocks code() {
    return code;
  }

  public Governance governance() {
    return governance;
  }

  /**
   * A governance transaction; a signed ROLLBACK also rolls the upgrade back forward in this block
   * (see {@link ForwardRollback}), in the same transaction overlay, so both or neither happen.
   */
  @Override
  public Receipt applyHostTransaction(State txOverlay, BlockContext ctx, byte[] payload) {
    if (CodeUpload.isCodeUpload(payload)) {
      return code.applyUpload(txOverlay, ctx, payload, governance.openProposal(txOverlay));
    }
    if (Attestation.isAttestation(payload)) {
      return code.applyAttestation(txOverlay, ctx, payload, governance);
    }
    OptionalLong rollback = rollbackTarget(payload);
    if (rollback.isPresent()) {
      try {
        UpgradeCoordinator.checkRollback(txOverlay, rollback.getAsLong());
      } catch (UpgradeRefusedException e) {
        return Receipt.rejected(e.getMessage());
      }
    }
    Receipt receipt = governance.apply(txOverlay, ctx, coordinator.currentVersion(), payload);
    if (!receipt.success() || rollback.isEmpty()) {
      return receipt;
    }
    var done = coordinator.rollbackInBlock(txOverlay, ctx, rollback.getAsLong());
    return Receipt.ok(
        receipt.message()
            + ": state set to that after height "
            + done.restoredHeight()
            + ", runtime "
            + done.to()
            + " active again, "
            + done.requeuedTransactions()
            + " runtime transactions of the "
            + done.blocksSinceActivation()
            + " blocks since the activation re-execute from height "
            + (ctx.height() + 1));
  }

  /** The proposal a signed emergency ROLLBACK targets, if the payload is one. */
  static OptionalLong rollbackTarget(byte[] payload) {
    try {
      if (SignedGovernanceTx.decode(payload).action() instanceof GovernanceAction.Emergency e
          && e.kind() == GovernanceAction.EmergencyKind.ROLLBACK) {
        return OptionalLong.of(e.target());
      }
    } catch (IllegalArgumentException e) {
      // Not decodable: governance rejects it with the reason.
    }
    return OptionalLong.empty();
  }

  @Override
  public void initGenesis(State state) {
    code.initGenesis(state);
    governance.initGenesis(state);
    coordinator.initGenesis(state);
  }

  @Override
  public void beginBlock(BlockContext ctx) {
    coordinator.beginBlock(ctx);
  }

  @Override
  public void addChainRecords(long height, ChainWrites writes) {
    coordinator.addChainRecords(height, writes);
  }

  @Override
  public long migrationStepsThisBlock() {
    return coordinator.migrationStepsThisBlock();
  }

  @Override
  public RuntimeBinding beginRuntimePhase(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    RuntimeBinding binding = chooseRuntime(ctx, blockOverlay, current);
    code.prune(blockOverlay, ctx.height(), binding.codeHash(), governance);
    return binding;
  }

  private RuntimeBinding chooseRuntime(
      BlockContext ctx, Overlay blockOverlay, RuntimeBinding current) {
    long height = ctx.height();
    // Chain parameters changed by governance take effect before this block's transactions run.
    governance.applyDueParameters(blockOverlay, height);
    governance.endVotingPeriods(blockOverlay, height);
    dropUpgradesGovernanceClosed(ctx, blockOverlay);
    var due = governance.dueForActivation(blockOverlay, height);
    if (due.isEmpty()) {
      // A multi-block migration may finish (executed) or fail in any later block.
      return recorded(blockOverlay, height, coordinator.runBlock(ctx, blockOverlay, current));
    }
    ProposalRecord proposal = due.get();
    boolean staged =
        coordinator
            .pendingUpgrade()
            .map(u -> u.proposalId().equals(OptionalLong.of(proposal.id())))
            .orElse(false);
    Attestations.Decision precheck = code.decide(blockOverlay, proposal, height, governance);
    if (!(precheck instanceof Attestations.Decision.Proceed)) {
      if (staged) {
        coordinator.cancelUpgrade();
      }
      if (precheck instanceof Attestations.Decision.Postpone p) {
        governance.postpone(blockOverlay, proposal.id(), p.height());
        log.warn(
            "Upgrade proposal {} to {} POSTPONED from height {} to {}: {}",
            proposal.id(),
            proposal.proposal().newVersion(),
            height,
            p.height(),
            p.why());
      } else {
        String cause = ((Attestations.Decision.Fail) precheck).cause();
        governance.markFailed(blockOverlay, proposal.id(), height, cause);
        log.error(
            "Upgrade proposal {} to {} FAILED at its activation height {}: {}",
            proposal.id(),
            proposal.proposal().newVersion(),
            height,
            cause);
      }
      return coordinator.runBlock(ctx, blockOverlay, current).binding();
    }
    if (!staged) {
      try {
        stage(proposal, height, Instant.ofEpochMilli(ctx.timestampMillis()));
      } catch (BlockProductionHaltedException e) {
        throw e;
      } catch (ForklessException e) {
        // Deterministic: every node's verifier and validator refuse this code alike.
        String cause = "the approved code was refused: " + e.getMessage();
        governance.markFailed(blockOverlay, proposal.id(), height, cause);
        log.error(
            "Upgrade proposal {} to {} FAILED at its activation height {}: {}",
            proposal.id(),
            proposal.proposal().newVersion(),
            height,
            cause);
        return coordinator.runBlock(ctx, blockOverlay, current).binding();
      }
    }
    return recorded(blockOverlay, height, coordinator.runBlock(ctx, blockOverlay, current));
  }

  /**
   * Records on chain how the block ended the upgrade of a still-scheduled proposal: failed, or
   * executed (a multi-block migration that goes on is neither yet).
   */
  private RuntimeBinding recorded(
      Overlay blockOverlay, long height, UpgradeCoordinator.Activation activation) {
    var id = activation.upgrade().flatMap(UpgradeRecord::proposalIdBoxed);
    if (id.isEmpty()
        || governance
            .proposal(blockOverlay, id.get())
            .filter(p -> p.status() == ProposalStatus.SCHEDULED)
            .isEmpty()) {
      return activation.binding();
    }
    if (activation.failure().isPresent()) {
      governance.markFailed(blockOverlay, id.get(), height, activation.failure().get());
    } else if (!activation.migrating()) {
      governance.markExecuted(blockOverlay, id.get(), height);
    }
    return activation.binding();
  }

  @Override
  public void afterCommit(Block block, List<TxReceipt> receipts, RuntimeBinding executedBy) {
    coordinator.afterCommit(block, receipts, executedBy);
    stageApproved(Instant.ofEpochMilli(block.header().timestampMillis()));
    try {
      blockListener.accept(block);
    } catch (RuntimeException e) {
      log.warn("after block {}: {}", block.height(), e.toString());
    }
  }

  /**
   * Verifies, loads and warms up the code of the approved (scheduled) proposal, if any and not yet
   * staged: after every block, and when a node starts. Never throws: a proposal that cannot be
   * staged yet is reported once, and staged (or halts the node) at its activation height.
   */
  public void stageApproved(Instant decisionTime) {
    var open = governance.openProposal(committedState.get());
    if (open.isEmpty() || open.get().status() != ProposalStatus.SCHEDULED) {
      return;
    }
    ProposalRecord proposal = open.get();
    boolean staged =
        coordinator
            .pendingUpgrade()
            .map(u -> u.proposalId().equals(OptionalLong.of(proposal.id())))
            .orElse(false);
    if (staged) {
      return;
    }
    try {
      stage(proposal, proposal.activationHeight().getAsLong(), decisionTime);
    } catch (RuntimeException e) {
      if (warnedMissing.add(proposal.id())) {
        log.warn(
            "Approved upgrade proposal {} to {} (code hash {}) activates at height {} but cannot be"
                + " staged on this node yet: {}",
            proposal.id(),
            proposal.proposal().newVersion(),
            proposal.proposal().codeHash(),
            proposal.activationHeight().getAsLong(),
            e.getMessage());
      }
    }
  }

  /**
   * Cancels the coordinator's upgrade when governance closed its proposal (cancel, rollback); a
   * running migration fails back in this block.
   */
  private void dropUpgradesGovernanceClosed(BlockContext ctx, Overlay state) {
    coordinator
        .pendingUpgrade()
        .flatMap(UpgradeRecord::proposalIdBoxed)
        .flatMap(id -> governance.proposal(state, id))
        .filter(p -> p.status() != ProposalStatus.SCHEDULED)
        .ifPresent(
            p ->
                coordinator.cancelInBlock(
                    ctx,
                    state,
                    "proposal "
                        + p.id()
                        + " "
                        + p.status().name().toLowerCase(java.util.Locale.ROOT)
                        + " by governance at height "
                        + ctx.height()));
  }

  /**
   * Finds, checks and loads the code of an approved proposal and schedules it with the coordinator.
   *
   * @throws BlockProductionHaltedException when this node lacks a JAR or refuses its signature
   * @throws ForklessException when the code is refused by checks that every node makes alike
   */
  private void stage(ProposalRecord proposal, long activationHeight, Instant decisionTime) {
    UpgradeProposal p = proposal.proposal();
    RuntimeRegistry registry = coordinator.registry();
    RuntimeCode runtime =
        localCode(
            registry,
            proposal,
            "runtime " + p.newVersion(),
            p.codeHash(),
            activationHeight,
            decisionTime);
    List<RuntimeCode> plugins = new ArrayList<>();
    if (p.migrationPlan().isPresent()) {
      for (Map.Entry<String, com.google.common.hash.HashCode> e :
          p.migrationPlan().get().pluginHashes().entrySet()) {
        plugins.add(
            localCode(
                registry,
                proposal,
                "migration plugin for '" + e.getKey() + "'",
                e.getValue(),
                activationHeight,
                decisionTime));
      }
    }
    coordinator.scheduleUpgrade(
        new UpgradeRequest(
            p.newVersion(),
            runtime,
            activationHeight,
            p.migrationPlan().map(HashedMigrationPlan::plan),
            plugins,
            OptionalLong.of(p.id())));
    warnedMissing.remove(proposal.id());
  }

  private static RuntimeCode localCode(
      RuntimeRegistry registry,
      ProposalRecord proposal,
      String what,
      com.google.common.hash.HashCode hash,
      long activationHeight,
      Instant decisionTime) {
    Path jar =
        registry
            .find(hash)
            .orElseThrow(
                () ->
                    new BlockProductionHaltedException(
                        "upgrade proposal "
                            + proposal.id()
                            + " activates at height "
                            + activationHeight
                            + " but this node has no "
                            + what
                            + " JAR with code hash "
                            + hash
                            + " (the chain does not hold it completely): upload it with"
                            + " `forkless propose` (resumes) or put the approved JAR into a"
                            + " node's plugins folder, which offers it for upload"));
    try {
      registry.checkTrusted(jar, hash, decisionTime);
    } catch (RuntimeRejectedException e) {
      throw new BlockProductionHaltedException(
          "upgrade proposal "
              + proposal.id()
              + ": this node refuses the "
              + what
              + " JAR "
              + jar
              + " ("
              + e.getMessage()
              + "); check the trust store",
          e);
    }
    return new RuntimeCode(jar, hash);
  }
}
