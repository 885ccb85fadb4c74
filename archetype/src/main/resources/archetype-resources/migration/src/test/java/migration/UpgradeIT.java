package ${package}.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.TransactionValidity;
import io.forkless.testkit.Determinism;
import io.forkless.testkit.DevChainJars;
import io.forkless.testkit.Signers;
import io.forkless.testkit.TestAccount;
import io.forkless.testkit.TestChain;
import io.forkless.testkit.UpgradeFailedException;
import io.forkless.testkit.UpgradeReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade a dev chain will run, rehearsed in memory (forkless-testkit): from the dev chain's
 * genesis runtime (balances 1.0.0) to this project's runtime 2.0.0 through add_nonce, with the
 * node's verifier, invariant and post-upgrade checks. Accounts, names and nonces survive it, so a
 * transaction signed before the upgrade cannot be replayed after it.
 */
class UpgradeIT {

  static final Path RUNTIME = Path.of(System.getProperty("runtime.jar"));
  static final Path PLUGIN = Path.of(System.getProperty("plugin.jar"));
  static final String CAROL = TestAccount.dev("carol").publicKeyHex();

  @TempDir Path dir;

  TestChain devChain() {
    return TestChain.builder()
        .runtime(DevChainJars.genesisRuntime(dir))
        .signers(Signers.fromSystemProperties())
        .account("alice", 1_000_000)
        .account("bob", 1_000_000)
        .start();
  }

  @Test
  void foldsEveryNonceIntoItsAccountAndKeepsTheInvariants() {
    try (TestChain chain = devChain()) {
      chain.block(
          chain.tx("alice", "transfer " + CAROL + " 250"), chain.tx("alice", "transfer bob 1"));
      chain.block(chain.tx("bob", "transfer alice 5"));

      UpgradeReport report = chain.upgrade(RUNTIME, PLUGIN);

      assertThat(report.from()).isEqualTo(RuntimeVersion.of(1, 0, 0));
      assertThat(report.to()).isEqualTo(RuntimeVersion.of(2, 0, 0));
      // Three records rewritten, two nonce keys deleted.
      assertThat(report.migrations()).containsExactly(new UpgradeReport.Migration("add_nonce", 5));
      assertThat(report.invariantsAfter())
          .isEqualTo(report.invariantsBefore())
          .containsEntry("totalSupply", "2000000")
          .containsEntry("accountCount", "3");
      assertThat(chain.query("account alice")).contains("\"balance\":999754,\"nonce\":2");
      assertThat(chain.query("account bob")).contains("\"balance\":999996,\"nonce\":1");
      assertThat(chain.query("account " + CAROL)).contains("\"balance\":250,\"nonce\":0");
      long[] nonceKeys = new long[1];
      chain.state().scan("nonce/".getBytes(StandardCharsets.US_ASCII), (k, v) -> nonceKeys[0]++);
      assertThat(nonceKeys[0]).isZero();
      // Keys, names and nonces go on: alice's next nonce is 2, carol (no nonce yet) starts at 0.
      assertThat(
              chain.block(
                  chain.tx("alice", "transfer bob 50"), chain.tx("carol", "transfer alice 50")))
          .extracting(Receipt::message)
          .containsExactly("nonce 3", "nonce 1");
    }
  }

  @Test
  void aTransactionSignedBeforeTheUpgradeCannotBeReplayedAfterIt() {
    try (TestChain chain = devChain()) {
      TestAccount alice = chain.account("alice");
      chain.block(chain.tx("alice", "transfer bob 10"));
      chain.upgrade(RUNTIME, PLUGIN);
      String root = chain.stateRoot();

      // The same call and nonce with a new tag (the kit refuses the identical bytes outright).
      byte[] replay = alice.sign(chain.chainId(), 0, "transfer bob 10 #again");
      byte[] forged = alice.sign(chain.chainId(), 1, "transfer bob 10");
      forged[forged.length - 2] = '9'; // not what alice signed
      byte[] otherChain = alice.sign("another-chain", 1, "transfer bob 10");
      byte[] future = alice.sign(chain.chainId(), 5, "transfer bob 10");

      assertThat(chain.validate(replay))
          .isEqualTo(
              TransactionValidity.invalid("replayed nonce 0: the account's next nonce is 1"));
      assertThat(chain.validate(future))
          .isEqualTo(TransactionValidity.ordered(alice.publicKey(), 5, 1));
      List<Receipt> receipts = chain.block(replay, forged, otherChain, future);

      assertThat(receipts).noneMatch(Receipt::success);
      assertThat(receipts)
          .extracting(Receipt::message)
          .containsExactly(
              "replayed nonce 0: the account's next nonce is 1",
              "bad signature: not the sender's signature of this chain id, nonce and call",
              "wrong chain: signed for 'another-chain' but this is 'forkless-test'",
              "future nonce 5: the account's next nonce is 1");
      assertThat(chain.stateRoot()).isEqualTo(root);
      assertThat(chain.block(chain.tx("alice", 1, "transfer bob 10")))
          .extracting(Receipt::success)
          .containsExactly(true);
    }
  }

  @Test
  void withoutTheMigrationTheUpgradeIsRefusedAndNothingChanges() {
    try (TestChain chain = devChain()) {
      String root = chain.stateRoot();

      assertThatThrownBy(() -> chain.upgrade(RUNTIME))
          .isInstanceOf(UpgradeFailedException.class)
          .hasMessageContaining("needs a migration plan");
      assertThat(chain.stateRoot()).isEqualTo(root);
      assertThat(chain.runtimeVersion()).isEqualTo(RuntimeVersion.of(1, 0, 0));
    }
  }

  @Test
  void theUpgradeIsDeterministic() {
    Determinism.assertDeterministic(
        this::devChain,
        chain -> {
          chain.block(chain.tx("alice", "transfer bob 1"), chain.tx("bob", "transfer alice 2"));
          chain.upgrade(RUNTIME, PLUGIN);
          chain.block(chain.tx("alice", "transfer bob 3"));
        });
  }
}
