package io.forkless.host.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TransactionRejectedException;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.testing.Accounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client sending transfers without pause across an upgrade and its forward rollback, as the
 * README walkthrough's {@code tx load} does: every transaction the node accepted must end up in a
 * block, or be reported as dropped with a reason; none may vanish.
 */
class RollbackUnderLoadTest {

  private static final String CHAIN = "rollback-load-test";
  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @TempDir Path dir;

  private GovernedHosts hosts;

  /** Local nonce counters, as the load command keeps them. */
  private final Accounts.Signer users = new Accounts.Signer(CHAIN);

  private final List<HashCode> accepted = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();

  @org.junit.jupiter.api.BeforeEach
  void hosts() {
    hosts = new GovernedHosts(CHAIN, dir);
  }

  @Test
  void everyAcceptedTransactionIsIncludedOrReportedAcrossARollback() {
    try (ForklessHost host = open()) {
      load(host, 2);
      produce(host, gov(sign(proposeV2(1), "alice")));
      load(host, 2);
      produce(
          host,
          gov(sign(new VoteUpgrade(1, "alice", true), "alice")),
          gov(sign(new VoteUpgrade(1, "bob", true), "bob")));
      long activation = host.openProposal().orElseThrow().activationHeight().getAsLong();
      while (host.chain().head().height() < activation + 3) {
        load(host, 2);
        produce(host);
      }
      assertThat(host.coordinator().currentVersion()).isEqualTo(V2);
      accept(host, Transaction.runtime(users.sign("stake alice 10")));
      load(host, 2);
      produce(host);
      load(host, 2);
      // Pending transfers wait in the mempool while the rollback's block executes.
      long nonce = host.governance().emergencyNonce(host.chain().state());
      host.rollback(sign(new Emergency(EmergencyKind.ROLLBACK, 1, nonce), "alice", "bob"));
      load(host, 2);
      produce(host);
      assertThat(host.coordinator().currentVersion()).isEqualTo(V1);
      for (int i = 0; i < 6; i++) {
        load(host, 2);
        produce(host);
      }
      for (int i = 0; i < 10 && host.mempool().size() > 0; i++) {
        produce(host);
      }
      List<String> lost = new ArrayList<>();
      for (HashCode h : accepted) {
        if (host.chain().findTransaction(h).isEmpty()) {
          lost.add(
              h
                  + (host.mempool().contains(h)
                      ? " (still pending)"
                      : " (neither pending nor in a block)"));
        }
      }
      assertThat(lost).as("refused at submission: %s", refusals).isEmpty();
      // The block that rolled back carried no user transaction: none ran on the rewound state with
      // a nonce checked before it (each would have failed, and left a gap stalling the later ones).
      for (HashCode h : accepted) {
        var at = host.chain().findTransaction(h).orElseThrow();
        var receipt = host.chain().receipts(at.height()).orElseThrow().get(at.index());
        assertThat(receipt.success())
            .as("%s at height %d: %s", h, at.height(), receipt.message())
            .isTrue();
      }
      assertThat(refusals).isEmpty();
    }
  }

  /** Submits {@code perSender} transfers from alice and from bob. */
  private void load(ForklessHost host, int perSender) {
    for (int i = 0; i < perSender; i++) {
      accept(host, Transaction.runtime(users.sign("transfer alice bob 1")));
      accept(host, Transaction.runtime(users.sign("transfer bob alice 1")));
    }
  }

  private void accept(ForklessHost host, Transaction tx) {
    try {
      accepted.add(host.submit(tx));
    } catch (TransactionRejectedException e) {
      refusals.add(e.getMessage());
    }
  }

  private void produce(ForklessHost host, Transaction... txs) {
    for (Transaction tx : txs) {
      host.submit(tx);
    }
    assertThat(host.producer().produceBlock()).isPresent();
  }

  private ForklessHost open() {
    return hosts.open(
        hosts.pluginsWith(
            SampleJars.RUNTIME_1_0_0, SampleJars.RUNTIME_2_0_0, SampleJars.ADD_STAKING));
  }

  private SignedGovernanceTx sign(GovernanceAction action, String... signers) {
    return hosts.sign(action, signers);
  }

  private static HashCode hash(String sample) {
    return GovernedHosts.hash(sample);
  }

  private static Transaction gov(SignedGovernanceTx tx) {
    return Transaction.host(tx.encode());
  }

  private static ProposeUpgrade proposeV2(long nonce) {
    return new ProposeUpgrade(
        "alice",
        "Runtime v2.0.0",
        "Add staking",
        V2,
        hash(SampleJars.RUNTIME_2_0_0),
        Optional.of(
            new HashedMigrationPlan(
                new MigrationPlan(V1, V2, List.of("add_staking"), 5, false),
                ImmutableMap.of("add_staking", hash(SampleJars.ADD_STAKING)))),
        5,
        nonce);
  }
}
