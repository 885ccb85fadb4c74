package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.StateView;
import io.forkless.host.code.Attestation;
import io.forkless.host.code.Attestations;
import io.forkless.host.code.CodeStore;
import io.forkless.host.governance.Governance;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator node's pre-check (issue #14): once the open proposal's code is complete on chain, it
 * is verified exactly as at activation ({@link UpgradeCoordinator#precheck}) and, for each
 * validator key this node holds that has no verdict on chain yet, a signed attestation or refusal
 * is submitted. Again after 3 blocks if the verdict did not reach a block. Call {@link #afterBlock}
 * from the block thread; {@link #check} (the verdict for {@code forkless attest}) from any thread.
 * The verdict is computed once per proposal and shared by both.
 */
public final class Prechecker {

  private static final Logger log = LoggerFactory.getLogger(Prechecker.class);
  private static final long RETRY_BLOCKS = 3;

  private final Governance governance;
  private final UpgradeCoordinator coordinator;
  private final CodeStore code;
  private final Attestations attestations;
  private final List<NamedKey> keys;
  private final Map<Long, Optional<String>> verdicts = new HashMap<>();
  private final Map<Long, Long> submittedAt = new HashMap<>();

  /**
   * This node's verdict on an open proposal's code.
   *
   * @param proposal the proposal checked
   * @param refusal why the code fails the checks of activation; empty when it passes
   */
  public record Verdict(ProposalRecord proposal, Optional<String> refusal) {
    public boolean accepted() {
      return refusal.isEmpty();
    }
  }

  /**
   * @param keys the validator keys this node attests with (none: it only verifies nothing)
   */
  public Prechecker(
      Governance governance,
      UpgradeCoordinator coordinator,
      CodeInBlocks code,
      List<NamedKey> keys) {
    this.governance = governance;
    this.coordinator = coordinator;
    this.code = code.store();
    this.attestations = code.attestations();
    this.keys = List.copyOf(keys);
  }

  /** After the block at {@code height} committed: pre-check and submit verdicts when due. */
  public void afterBlock(StateView committed, long height, Consumer<byte[]> submit) {
    if (keys.isEmpty() || !code.parameters(committed).precheckRequired()) {
      return;
    }
    Optional<ProposalRecord> open = governance.openProposal(committed);
    if (open.isEmpty()) {
      return;
    }
    ProposalRecord p = open.get();
    if (p.status() != ProposalStatus.PROPOSED && p.status() != ProposalStatus.SCHEDULED) {
      return;
    }
    for (HashCode h : CodeInBlocks.named(open)) {
      if (!code.status(committed, h).complete()) {
        return;
      }
    }
    List<NamedKey> due = new ArrayList<>();
    for (NamedKey k : keys) {
      if (!attestations.hasVerdict(committed, p.id(), k.validator())) {
        due.add(k);
      }
    }
    Long last = submittedAt.get(p.id());
    if (due.isEmpty() || (last != null && height - last < RETRY_BLOCKS)) {
      return;
    }
    Optional<String> refusal = verdictOn(p, height);
    for (NamedKey k : due) {
      Attestation a =
          new Attestation(
              p.id(),
              p.proposal().codeHash(),
              k.validator(),
              refusal.isEmpty(),
              refusal.orElse(""),
              height);
      try {
        submit.accept(a.sign(governance.chainId(), k.key()));
      } catch (RuntimeException e) {
        log.warn(
            "pre-check verdict of {} on proposal {}: not submitted: {}",
            k.validator(),
            p.id(),
            e.getMessage());
      }
    }
    submittedAt.put(p.id(), height);
  }

  /** The validator names this node attests with, in order. */
  public List<String> validators() {
    return keys.stream().map(NamedKey::validator).toList();
  }

  /**
   * This node's verdict on the open proposal's code at {@code height}, checked exactly as at
   * activation (once per proposal, then remembered): for a validator whose key is not on this node
   * ({@code forkless attest}). Any thread.
   *
   * @throws IllegalStateException saying why there is nothing to check: no open proposal, one
   *     already decided, or code not complete on chain yet
   */
  public Verdict check(StateView committed, long height) {
    Optional<ProposalRecord> open = governance.openProposal(committed);
    if (open.isEmpty()) {
      throw new IllegalStateException("no open proposal: there is no code to pre-check");
    }
    ProposalRecord p = open.get();
    if (p.status() != ProposalStatus.PROPOSED && p.status() != ProposalStatus.SCHEDULED) {
      throw new IllegalStateException(
          "proposal " + p.id() + " is " + p.status() + ": its code takes no more verdicts");
    }
    for (HashCode h : CodeInBlocks.named(open)) {
      var status = code.status(committed, h);
      if (!status.complete()) {
        throw new IllegalStateException(
            "code "
                + h
                + " of proposal "
                + p.id()
                + " is not complete on chain ("
                + status.received()
                + status.entry().map(e -> " of " + e.declaredSize()).orElse("")
                + " bytes uploaded): it can be checked once its upload completes (forkless"
                + " propose resumes it; a node with the JAR in its plugins folder offers it)");
      }
    }
    return new Verdict(p, verdictOn(p, height));
  }

  private synchronized Optional<String> verdictOn(ProposalRecord p, long height) {
    return verdicts.computeIfAbsent(p.id(), id -> verify(p, height));
  }

  /** The refusal's reason, or empty when the code passes every check. */
  private Optional<String> verify(ProposalRecord proposal, long height) {
    var p = proposal.proposal();
    try {
      RuntimeCode runtime = new RuntimeCode(find(p.codeHash()), p.codeHash());
      List<RuntimeCode> plugins = new ArrayList<>();
      if (p.migrationPlan().isPresent()) {
        for (HashCode h : p.migrationPlan().get().pluginHashes().values()) {
          plugins.add(new RuntimeCode(find(h), h));
        }
      }
      coordinator.precheck(
          new UpgradeRequest(
              p.newVersion(),
              runtime,
              proposal.activationHeight().orElse(height + 1),
              p.migrationPlan().map(HashedMigrationPlan::plan),
              plugins,
              OptionalLong.of(p.id())));
      log.info(
          "Pre-check of proposal {} ({} code hash {}) passed: attesting",
          p.id(),
          p.newVersion(),
          p.codeHash());
      return Optional.empty();
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      log.warn(
          "Pre-check of proposal {} ({} code hash {}) FAILED on this node, filing a refusal: {}",
          p.id(),
          p.newVersion(),
          p.codeHash(),
          why);
      return Optional.of(why);
    }
  }

  private Path find(HashCode hash) {
    return coordinator
        .registry()
        .find(hash)
        .orElseThrow(() -> new IllegalStateException("code " + hash + " is not readable here"));
  }
}
