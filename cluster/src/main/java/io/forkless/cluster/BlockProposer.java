package io.forkless.cluster;

import io.forkless.cluster.ClusterEntry.ProposedBlock;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.BlockProductionHaltedException;
import io.forkless.host.chain.PreparedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.Ed25519;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.server.RaftServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's block production: every block time, on the leader only (once Ratis reports it ready:
 * an entry of its term committed) and once its previous proposal applied, it executes a block from
 * its mempool (staged, not committed), signs it, and appends it to the log. The state machine
 * commits the staged block when the entry applies.
 *
 * <p>While governance has paused the chain, or the operator has paused production, only governance
 * (host) transactions are included, as on a single node. A failure is reported by {@link
 * #haltedReason()} and retried on the next tick, never thrown out of the timer.
 */
final class BlockProposer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BlockProposer.class);

  private final ForklessHost host;
  private final String nodeId;
  private final PrivateKey key;
  private final PendingProposal pending;
  private final ChainStateMachine machine;
  private final RaftServer.Division division;
  private final RaftClient client;
  private final int maxTransactions;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final AtomicReference<Optional<String>> halted = new AtomicReference<>(Optional.empty());

  BlockProposer(
      ForklessHost host,
      ClusterConfig config,
      PendingProposal pending,
      ChainStateMachine machine,
      RaftServer.Division division,
      RaftClient client,
      int maxTransactions,
      Clock clock) {
    this.host = host;
    this.nodeId = config.nodeId();
    this.key = config.validatorKey().getPrivate();
    this.pending = pending;
    this.machine = machine;
    this.division = division;
    this.client = client;
    this.maxTransactions = maxTransactions;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "block-proposer");
              t.setDaemon(true);
              return t;
            });
  }

  void start(Duration blockTime) {
    timer.scheduleWithFixedDelay(
        this::tick, blockTime.toMillis(), blockTime.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      proposeIfLeader();
    } catch (Throwable e) {
      alert("ALERT: block proposal failed: " + e, e);
    }
  }

  /** Proposes one block now if this node leads and nothing is in flight; true if it did. */
  boolean proposeIfLeader() {
    var info = division.getInfo();
    if (!info.isLeader()
        || !info.isLeaderReady()
        || machine.haltedReason().isPresent()
        || pending.inFlight()) {
      // Not "applied everything committed": under a steady stream of transaction entries that
      // would rarely hold. A block built on a head that an unapplied block entry then moves is
      // stale when it applies, skipped on every node, and proposed again at the next tick.
      return false;
    }
    // The producer's rule: governance pauses and paused migrations hold users' transactions, and a
    // block that rolls back carries none; an operator's pause of this leader holds them too.
    List<Transaction> txs = host.producer().nextTransactions(maxTransactions);
    if (host.producer().isPaused()) {
      txs = txs.stream().filter(tx -> tx.kind() == Transaction.Kind.HOST).toList();
    }
    PreparedBlock prepared;
    long height = host.chain().head().height() + 1;
    try {
      prepared = host.chain().prepareBlock(txs, clock.millis());
    } catch (BlockProductionHaltedException e) {
      alert("ALERT: block production halted at height " + height + ": " + e.getMessage(), null);
      return false;
    }
    if (!pending.offer(prepared)) {
      host.chain().discardPrepared(prepared);
      return false;
    }
    ProposedBlock entry =
        new ProposedBlock(
            nodeId,
            prepared.block(),
            Ed25519.sign(key, ClusterCodec.signedBytes(prepared.block())));
    client
        .async()
        .send(Messages.of(ClusterCodec.encode(entry)))
        .whenComplete(
            (reply, error) -> {
              if (error != null || !reply.isSuccess()) {
                pending.abandon(prepared);
                log.info(
                    "proposal of block {} not appended ({}); the next leader proposes that height",
                    prepared.block().height(),
                    error != null ? error.toString() : reply.getException());
              }
            });
    if (halted.getAndSet(Optional.empty()).isPresent()) {
      log.info("block production recovered: block {} proposed", height);
    }
    return true;
  }

  private void alert(String reason, @Nullable Throwable cause) {
    Optional<String> before = halted.getAndSet(Optional.of(reason));
    if (!before.equals(Optional.of(reason))) {
      if (cause == null) {
        log.error(reason);
      } else {
        log.error(reason, cause);
      }
    }
  }

  /** The alert of the last proposal attempt when it failed; empty once one succeeds. */
  Optional<String> haltedReason() {
    return halted.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pending.clear();
  }
}
