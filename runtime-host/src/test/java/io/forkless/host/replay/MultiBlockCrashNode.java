package io.forkless.host.replay;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.upgrade.LifecycleRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The child JVM of {@link MultiBlockCrashTest}: a governed node under transfer load that proposes
 * 2.0.0 with a stepped migration failing at its 251st account (unpaused: 1.0.0 serves users
 * meanwhile), then, once that failed, 2.0.0 with add_staking_stepped (paused). Each step is decided
 * from chain state only, so a restart after a kill goes on where the chain is. Prints {@code HEIGHT
 * h version phase} for every committed block ({@code phase}: migrating or idle).
 */
public final class MultiBlockCrashNode {

  static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  private MultiBlockCrashNode() {}

  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    Path plugins = Path.of(args[1]);
    HashCode failing = HashCode.fromString(args[2]);
    long seed = Long.parseLong(args[3]);
    ReplayNodes nodes = new ReplayNodes();
    ForklessHost host = nodes.openMigrating(data, plugins);
    System.out.println("STARTED " + host.chain().head().height());
    int tag = 0;
    while (true) {
      governance(host, nodes, failing);
      transfer(host, "alice", "transfer bob 1 #" + seed + "." + tag++);
      transfer(host, "bob", "transfer carol 2 #" + seed + "." + tag++);
      Optional<ExecutedBlock> block = host.producer().produceBlock();
      if (block.isEmpty()) {
        System.out.println("NOBLOCK " + host.producer().haltedReason().orElse("paused"));
        continue;
      }
      boolean migrating = LifecycleRecords.migrating(host.chain().state()).isPresent();
      System.out.println(
          "HEIGHT "
              + block.get().block().height()
              + " "
              + block.get().block().header().runtimeVersion()
              + " "
              + (migrating ? "migrating" : "idle"));
    }
  }

  private static void governance(ForklessHost host, ReplayNodes nodes, HashCode failing) {
    var state = host.chain().state();
    if (host.governance().openProposal(state).isPresent()) {
      return;
    }
    List<ProposalRecord> all = host.governance().proposals(state);
    try {
      if (all.isEmpty()) {
        propose(host, nodes, 1, "stepped_fail_middle", failing, false);
      } else if (all.size() == 1 && all.get(0).status() == ProposalStatus.FAILED) {
        HashCode staking = ReplayNodes.hash(SampleJars.jar(SampleJars.ADD_STAKING_STEPPED));
        propose(host, nodes, 2, "add_staking_stepped", staking, true);
      }
    } catch (RuntimeException e) {
      // Refused for now (e.g. already in the mempool): next block.
    }
  }

  private static void propose(
      ForklessHost host,
      ReplayNodes nodes,
      long id,
      String migration,
      HashCode plugin,
      boolean pause) {
    ProposeUpgrade proposal =
        new ProposeUpgrade(
            "alice",
            "2.0.0 with " + migration,
            "multi-block",
            V2,
            ReplayNodes.hash(SampleJars.jar(SampleJars.RUNTIME_2_0_0)),
            Optional.of(
                new HashedMigrationPlan(
                    new MigrationPlan(V1, V2, List.of(migration), 5, pause),
                    ImmutableMap.of(migration, plugin))),
            2,
            id);
    submit(host, nodes.sign(host, proposal, "alice"));
    submit(host, nodes.sign(host, new VoteUpgrade(id, "alice", true), "alice"));
    submit(host, nodes.sign(host, new VoteUpgrade(id, "bob", true), "bob"));
  }

  private static void submit(ForklessHost host, SignedGovernanceTx tx) {
    host.submit(Transaction.host(tx.encode()));
  }

  /** A transfer signed by {@code from} with its next nonce as this node knows it. */
  static void transfer(ForklessHost host, String from, String call) {
    var account = io.forkless.testing.Accounts.dev(from);
    try {
      host.submit(
          Transaction.runtime(
              account.sign(host.chain().chainId(), nextNonce(host, account), call)));
    } catch (RuntimeException e) {
      // Refused for now (e.g. too many pending), or the nonce query failed: during a paused
      // add_staking_stepped the previous runtime cannot read migrated accounts. The load goes on.
    }
  }

  /** The account's next nonce: after its pending transactions, else from the active runtime. */
  static long nextNonce(ForklessHost host, io.forkless.testing.Accounts.Account account) {
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
}
