package io.forkless.host.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.MempoolConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TransactionRejectedException;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.testing.Accounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's flood: junk host transactions and a full mempool of user transactions must not keep a
 * valid emergency action out of the next block.
 */
class GovernanceFloodTest {

  private static final String CHAIN = "flood-test";

  @TempDir Path dir;

  private final Map<String, KeyPair> keys = new LinkedHashMap<>();

  private ForklessHost open() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_0_0), plugins.resolve(SampleJars.RUNTIME_1_0_0));
    List<Validator> validators = new ArrayList<>();
    ImmutableMap.of("alice", 40L, "bob", 30L, "charlie", 20L, "dave", 10L)
        .forEach(
            (name, stake) -> {
              KeyPair pair =
                  Ed25519.fromSeed(
                      Hashing.sha256()
                          .hashString("flood:" + name, StandardCharsets.UTF_8)
                          .asBytes());
              keys.put(name, pair);
              validators.add(new Validator(name, pair.getPublic(), stake));
            });
    return ForklessHost.builder()
        .dataDir(dir.resolve("data"))
        .pluginsFolder(plugins)
        .trust(TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword()))
        .genesis(
            new GenesisConfig(
                CHAIN,
                Instant.parse("2026-06-01T00:00:00Z").toEpochMilli(),
                Accounts.devGenesis(Map.of("alice", 1_000_000L, "bob", 0L)),
                Hashing.sha256()
                    .hashBytes(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_0_0)))))
        .validators(ValidatorSet.of(validators))
        .upgradeConfig(UpgradeConfig.defaults())
        .mempool(new MempoolConfig(60, 4096, 64, 60 * 4096L))
        .build();
  }

  private SignedGovernanceTx sign(GovernanceAction action, long nonce, String... signers) {
    List<NamedKey> named = new ArrayList<>();
    for (String s : signers) {
      named.add(new NamedKey(s, keys.get(s).getPrivate()));
    }
    return SignedGovernanceTx.sign(CHAIN, action, nonce, ImmutableList.copyOf(named));
  }

  @Test
  void aValidPauseGetsIntoTheNextBlockDespiteJunkHostTransactionsAndAFullMempool()
      throws IOException {
    try (ForklessHost host = open()) {
      // A full mempool of user transfers.
      Accounts.Signer users = new Accounts.Signer(CHAIN);
      for (int i = 0; i < 60; i++) {
        host.submit(Transaction.runtime(users.sign("transfer alice bob 1")));
      }
      assertThat(host.mempool().size()).isEqualTo(60);
      // A flood of junk host transactions: bad signatures, strangers, garbage. None is admitted.
      KeyPair stranger = Ed25519.generate();
      int refused = 0;
      for (int i = 0; i < 300; i++) {
        SignedGovernanceTx junk =
            switch (i % 3) {
              case 0 ->
                  SignedGovernanceTx.sign(
                      CHAIN,
                      new VoteUpgrade(i, "alice", true),
                      0,
                      List.of(new NamedKey("alice", stranger.getPrivate())));
              case 1 ->
                  SignedGovernanceTx.sign(
                      CHAIN,
                      new VoteUpgrade(i, "mallory", true),
                      0,
                      List.of(new NamedKey("mallory", stranger.getPrivate())));
              default -> sign(new VoteUpgrade(i, "dave", true), 0, "dave");
            };
        byte[] payload = i % 3 == 2 ? new byte[] {(byte) i, 0, 1} : junk.encode();
        try {
          host.submit(Transaction.host(payload));
        } catch (TransactionRejectedException e) {
          assertThat(e.reason()).isEqualTo(TransactionRejectedException.Reason.INVALID);
          refused++;
        }
      }
      assertThat(refused).isEqualTo(300);

      SignedGovernanceTx pause =
          sign(
              new Emergency(
                  EmergencyKind.PAUSE, 0, host.governance().emergencyNonce(host.chain().state())),
              host.nextGovernanceNonce("alice"),
              "alice",
              "bob");
      host.submit(Transaction.host(pause.encode()));
      ExecutedBlock next = host.producer().produceBlock().orElseThrow();

      assertThat(next.block().transactions().get(0)).isEqualTo(Transaction.host(pause.encode()));
      assertThat(next.receipts().get(0).success()).as(next.receipts().get(0).message()).isTrue();
      assertThat(host.governance().isPaused(host.chain().state())).isTrue();
      // The evicted user transaction was the newest; the replayed pause is refused at the door.
      assertThatThrownBy(() -> host.submit(Transaction.host(pause.encode())))
          .isInstanceOf(TransactionRejectedException.class);
    }
  }
}
