package io.forkless.host.replay;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The child JVM of {@link LifecycleCrashTest}: a governed node that cycles through upgrade (1.0.0
 * to 1.1.0) and rollback under transfer load, deciding each step from its chain state only, so a
 * restart after a kill goes on where the chain is. Prints {@code INCLUDED hash} for every
 * transaction of a committed block, then {@code HEIGHT h version}.
 */
public final class LifecycleCrashNode {

  private static final RuntimeVersion V11 = RuntimeVersion.of(1, 1, 0);

  private LifecycleCrashNode() {}

  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    Path plugins = Path.of(args[1]);
    long seed = Long.parseLong(args[2]);
    ReplayNodes nodes = new ReplayNodes();
    ForklessHost host = nodes.open(data, plugins);
    System.out.println("STARTED " + host.chain().head().height());
    Random random = new Random(seed);
    HashCode v11 = ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_1_1_0));
    int tag = 0;
    while (true) {
      governance(host, nodes, v11);
      int transfers = 1 + random.nextInt(4);
      for (int i = 0; i < transfers; i++) {
        // Signed with alice's next nonce as this (restarted) node knows it: pending or on chain.
        var alice = io.forkless.testing.Accounts.dev("alice");
        try {
          host.submit(
              Transaction.runtime(
                  alice.sign(
                      ReplayNodes.CHAIN, nextNonce(host, alice), "transfer bob 1 #" + tag++)));
        } catch (io.forkless.host.chain.TransactionRejectedException e) {
          // Refused for now (e.g. too many pending): the load goes on.
        }
      }
      Optional<ExecutedBlock> block = host.producer().produceBlock();
      if (block.isEmpty()) {
        System.out.println("NOBLOCK " + host.producer().haltedReason().orElse("paused"));
        continue;
      }
      for (TxReceipt r : block.get().receipts()) {
        System.out.println("INCLUDED " + r.txHash());
      }
      System.out.println(
          "HEIGHT "
              + block.get().block().height()
              + " "
              + block.get().block().header().runtimeVersion());
    }
  }

  /** The next governance step the chain state calls for: propose and approve, or roll back. */
  private static void governance(ForklessHost host, ReplayNodes nodes, HashCode v11) {
    var state = host.chain().state();
    if (host.governance().openProposal(state).isPresent()) {
      return;
    }
    List<ProposalRecord> all = host.governance().proposals(state);
    ProposalRecord last = all.isEmpty() ? null : all.get(all.size() - 1);
    long head = host.chain().head().height();
    try {
      if (last != null && last.status() == ProposalStatus.EXECUTED) {
        if (head >= last.activationHeight().getAsLong() + 2) {
          long nonce = host.governance().emergencyNonce(state);
          host.rollback(
              nodes.sign(
                  host, new Emergency(EmergencyKind.ROLLBACK, last.id(), nonce), "alice", "bob"));
        }
        return;
      }
      if (!host.coordinator().currentVersion().canUpgradeTo(V11)) {
        return;
      }
      long id = all.size() + 1;
      submitHost(
          host,
          nodes.sign(
              host,
              new ProposeUpgrade(
                  "alice", "1.1.0", "cycle " + id, V11, v11, Optional.empty(), 2, id),
              "alice"));
      submitHost(host, nodes.sign(host, new VoteUpgrade(id, "alice", true), "alice"));
      submitHost(host, nodes.sign(host, new VoteUpgrade(id, "bob", true), "bob"));
    } catch (RuntimeException e) {
      // Refused for now (e.g. re-execution still in progress, or already queued): next block.
    }
  }

  /** The account's next nonce: after its pending transactions, else from the active runtime. */
  private static long nextNonce(ForklessHost host, io.forkless.testing.Accounts.Account account) {
    java.util.OptionalLong pending =
        host.mempool().nextPendingNonce(Transaction.Kind.RUNTIME, account.publicKey());
    if (pending.isPresent()) {
      return pending.getAsLong();
    }
    String answer =
        new String(
            host.chain()
                .activeRuntime()
                .runtime()
                .query(
                    host.chain().state(),
                    ("account " + account.hex()).getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.US_ASCII);
    return Long.parseLong(answer.replaceAll(".*\"nonce\":(\\d+).*", "$1"));
  }

  private static void submitHost(
      ForklessHost host, io.forkless.host.governance.SignedGovernanceTx tx) {
    host.submit(Transaction.host(tx.encode()));
  }
}
