package io.forkless.host.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.governance.TestValidators;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.TrustAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage (#14): code nothing references is pruned after the chain parameter's number of blocks,
 * but the runtimes a rollback needs stay, and a node restarted with neither plugins folder nor code
 * cache rolls back from the code on chain.
 */
class CodePruningTest {

  private static final String CHAIN = "prune-test";
  private static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V11 = RuntimeVersion.of(1, 1, 0);
  private static final long PRUNE_AFTER = 3;

  @TempDir Path dir;

  private final TestValidators four = TestValidators.of("prune");
  private final ValidatorSet validators = four.set();

  private static HashCode hash(String sample) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(SampleJars.jar(sample)));
  }

  private ForklessHost open(Path plugins, Path cache) throws IOException {
    return ForklessHost.builder()
        .dataDir(dir.resolve("data"))
        .pluginsFolder(plugins)
        .codeCache(cache)
        .genesisCode(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_0_0)))
        .trust(TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword()))
        .genesis(new GenesisConfig(CHAIN, GENESIS, Map.of(), hash(SampleJars.RUNTIME_1_0_0)))
        .validators(validators)
        .upgradeConfig(
            new UpgradeConfig(2, 3, Threshold.parse("0.334"), Threshold.parse("0.667"), 10))
        .codeParameters(new CodeParameters(16L << 20, 3968, 1L << 20, PRUNE_AFTER, false, 20))
        .build();
  }

  private final Map<String, Long> nonces = new java.util.HashMap<>();

  private Transaction gov(GovernanceAction action, String... signers) {
    List<NamedKey> named = new ArrayList<>();
    for (String s : signers) {
      named.add(four.key(s));
    }
    long nonce = nonces.merge(signers[0], 1L, Long::sum) - 1;
    return Transaction.host(SignedGovernanceTx.sign(CHAIN, action, nonce, named).encode());
  }

  private static void produce(ForklessHost host, int blocks, Transaction... txs) {
    for (Transaction tx : txs) {
      host.submit(tx);
    }
    for (int i = 0; i < blocks; i++) {
      host.producer().produceBlock().orElseThrow();
    }
  }

  private static boolean onChain(ForklessHost host, HashCode h) {
    return host.codeStore().read(host.chain().state(), h).isPresent();
  }

  @Test
  void unreferencedCodeIsPrunedAndWhatRollbackNeedsStaysEvenAcrossARestart() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_1_0), plugins.resolve("v11.jar"));
    HashCode v1 = hash(SampleJars.RUNTIME_1_0_0);
    HashCode v11 = hash(SampleJars.RUNTIME_1_1_0);
    try (ForklessHost host = open(plugins, dir.resolve("cache-1"))) {
      produce(
          host,
          1,
          gov(new ProposeUpgrade("bob", "1.1.0", "", V11, v11, Optional.empty(), 2, 1), "bob"));
      produce(
          host,
          1,
          gov(new VoteUpgrade(1, "alice", true), "alice"),
          gov(new VoteUpgrade(1, "bob", true), "bob"));
      produce(host, 4);
      assertThat(host.coordinator().currentVersion()).isEqualTo(V11);
      // Far past the prune delay: 1.1.0 is active, 1.0.0 retained for a rollback.
      produce(host, (int) PRUNE_AFTER * 3);
      assertThat(onChain(host, v11)).isTrue();
      assertThat(onChain(host, v1)).isTrue();
    }
    // Restarted with an empty plugins folder and a new code cache: all code comes from the chain.
    Path empty = Files.createDirectories(dir.resolve("empty-plugins"));
    try (ForklessHost host = open(empty, dir.resolve("cache-2"))) {
      assertThat(host.coordinator().currentVersion()).isEqualTo(V11);
      host.rollback(
          SignedGovernanceTx.sign(
              CHAIN,
              new Emergency(
                  EmergencyKind.ROLLBACK,
                  1,
                  host.governance().emergencyNonce(host.chain().state())),
              host.nextGovernanceNonce("alice"),
              List.of(four.key("alice"), four.key("bob"))));
      produce(host, 1);
      assertThat(host.coordinator().currentVersion()).isEqualTo(V1);
      // Nothing needs 1.1.0 any more: it is pruned after the delay, 1.0.0 (active) stays.
      produce(host, (int) PRUNE_AFTER - 1);
      assertThat(onChain(host, v11)).isTrue();
      produce(host, 2);
      assertThat(onChain(host, v11)).isFalse();
      assertThat(host.codeStore().entries(host.chain().state())).containsOnlyKeys(v1);
      // The chain goes on with the code it kept.
      produce(host, 2);
      assertThat(host.producer().haltedReason()).isEmpty();
    }
  }

  @Test
  void theCodeOfACancelledProposalIsPrunedAndCannotBeUploadedAgain() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_1_0), plugins.resolve("v11.jar"));
    HashCode v11 = hash(SampleJars.RUNTIME_1_1_0);
    try (ForklessHost host = open(plugins, dir.resolve("cache"))) {
      produce(
          host,
          2,
          gov(new ProposeUpgrade("bob", "1.1.0", "", V11, v11, Optional.empty(), 2, 1), "bob"));
      assertThat(onChain(host, v11)).as("offered from the plugins folder").isTrue();
      produce(
          host,
          1,
          gov(
              new Emergency(
                  EmergencyKind.CANCEL, 1, host.governance().emergencyNonce(host.chain().state())),
              "alice",
              "bob"));
      produce(host, (int) PRUNE_AFTER + 1);
      assertThat(onChain(host, v11)).isFalse();
      byte[] jar = Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_1_0));
      // Refused at the mempool already (a block would refuse it too: CodeStoreTest).
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  host.submit(
                      Transaction.host(
                          new CodeUpload(v11, jar.length, 0, 9, java.util.Arrays.copyOf(jar, 100))
                              .encode())))
          .isInstanceOf(io.forkless.host.chain.TransactionRejectedException.class)
          .hasMessageContaining("no open proposal names code hash " + v11);
    }
  }
}
