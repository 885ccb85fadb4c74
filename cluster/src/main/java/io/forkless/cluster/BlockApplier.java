package io.forkless.cluster;

import io.forkless.cluster.ClusterEntry.ProposedBlock;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.PreparedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed block entries to the chain, in log order (see {@link ChainStateMachine} for the
 * rules). Called on Ratis' applier thread only.
 */
final class BlockApplier {

  private static final Logger log = LoggerFactory.getLogger(BlockApplier.class);

  /** What became of one block entry. */
  enum Outcome {
    /** Committed: this node's head is now the block. */
    APPLIED,
    /** Not applied, alike on every node: already stored, stale, or not its proposer's. */
    SKIPPED,
    /** This node cannot apply it (or halted before): it applies nothing more. */
    HALTED
  }

  private final ForklessHost host;
  private final Chain chain;
  private final ValidatorSet validators;
  private final PendingProposal pending;
  private final WrongRootFault fault;
  private final AtomicReference<Optional<String>> halted = new AtomicReference<>(Optional.empty());

  BlockApplier(ForklessHost host, ValidatorSet validators, PendingProposal pending) {
    this(host, validators, pending, WrongRootFault.NONE);
  }

  /** With a test-only {@code fault} applied to the blocks this node imports. */
  BlockApplier(
      ForklessHost host, ValidatorSet validators, PendingProposal pending, WrongRootFault fault) {
    this.host = host;
    this.chain = host.chain();
    this.validators = validators;
    this.pending = pending;
    this.fault = fault;
  }

  Outcome apply(ProposedBlock proposed, String logPosition) {
    if (halted.get().isPresent()) {
      return Outcome.HALTED;
    }
    Block block = proposed.block();
    Block head = chain.head();
    if (block.height() != head.height() + 1 || !block.header().parentHash().equals(head.hash())) {
      // Already stored (log replay after a restart) or a stale proposal: skipped on every node.
      pending.take(block.hash(), head.height());
      log.debug("skipping {} at {}: the head is {}", proposed, logPosition, head.height());
      return Outcome.SKIPPED;
    }
    if (!signedByProposer(proposed)) {
      pending.take(block.hash(), block.height() - 1);
      log.error(
          "ALERT: skipping {} at log entry {}: its signature is not validator {}'s (a faulty or"
              + " hostile leader); the next leader proposes height {} again",
          proposed,
          logPosition,
          proposed.proposer(),
          block.height());
      return Outcome.SKIPPED;
    }
    Optional<PreparedBlock> mine = pending.take(block.hash(), block.height());
    try {
      if (mine.isPresent()) {
        chain.commitPrepared(mine.get());
      } else {
        chain.importBlock(fault.apply(block));
      }
    } catch (RuntimeException | Error e) {
      halt(
          "ALERT: halted at height "
              + block.height()
              + ": block "
              + block.hash()
              + " from leader "
              + proposed.proposer()
              + " was committed by the network but this node cannot apply it: "
              + e.getMessage()
              + ". This node applies nothing more (it stays at height "
              + head.height()
              + ", state root "
              + head.header().stateRoot()
              + "); fix the cause and restart it, or rebuild its data folder from a healthy"
              + " validator",
          null);
      return Outcome.HALTED;
    }
    host.mempool().removeAll(block.transactions().stream().map(Transaction::hash).toList());
    return Outcome.APPLIED;
  }

  private boolean signedByProposer(ProposedBlock proposed) {
    Optional<Validator> v = validators.get(proposed.proposer());
    return v.isPresent()
        && Ed25519.verify(
            v.get().publicKey(), ClusterCodec.signedBytes(proposed.block()), proposed.signature());
  }

  /** Stops applying blocks for good (until restart), logging {@code reason} once. */
  void halt(String reason, @Nullable Throwable cause) {
    if (halted.compareAndSet(Optional.empty(), Optional.of(reason))) {
      pending.clear();
      if (cause == null) {
        log.error(reason);
      } else {
        log.error(reason, cause);
      }
    }
  }

  Optional<String> haltedReason() {
    return halted.get();
  }
}
