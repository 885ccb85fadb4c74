package io.forkless.host.replay;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.governance.TestValidators;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.host.metering.MeteringLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nodes of one governed chain: four validators with unequal stake (alice 40, bob 30, charlie 20,
 * dave 10), the same genesis and upgrade configuration, each node with its own data folder and
 * plugins folder on RocksDB.
 */
final class ReplayNodes {

  static final String CHAIN = "replay-test";
  static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

  private final TestValidators four = TestValidators.of("replay");
  private final Map<String, Long> nonces = new java.util.HashMap<>();
  private final ValidatorSet validators = four.set();

  /** A node of {@link #CHAIN}. */
  ForklessHost open(Path data, Path plugins) {
    return open(CHAIN, GENESIS, data, plugins);
  }

  /**
   * A node of {@link #CHAIN} without a plugins folder: it is given the genesis runtime's bytes and
   * takes every other JAR from the chain.
   */
  ForklessHost openWithoutPlugins(Path data) {
    try {
      return builder(CHAIN, GENESIS, data, data.resolveSibling(data.getFileName() + "-no-plugins"))
          .genesisCode(Files.readAllBytes(SampleJars.jar(SampleJars.RUNTIME_1_0_0)))
          .build();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A node of another chain id or genesis time (same validators and balances). */
  ForklessHost open(String chainId, long genesisMillis, Path data, Path plugins) {
    return builder(chainId, genesisMillis, data, plugins).build();
  }

  /** A node of {@link #CHAIN} whose genesis sets {@code limits}. */
  ForklessHost openMetered(Path data, Path plugins, MeteringLimits limits) {
    return builder(CHAIN, GENESIS, data, plugins).metering(limits).build();
  }

  private ForklessHost.Builder builder(
      String chainId, long genesisMillis, Path data, Path plugins) {
    return ForklessHost.builder()
        .dataDir(data)
        .pluginsFolder(plugins)
        .trust(TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword()))
        .genesis(
            new GenesisConfig(
                chainId,
                genesisMillis,
                io.forkless.testing.Accounts.devGenesis(
                    Map.of("alice", 1_000_000L, "bob", 500_000L, "carol", 1_000L)),
                hash(SampleJars.jar(SampleJars.RUNTIME_1_0_0))))
        .validators(validators)
        .upgradeConfig(
            new UpgradeConfig(2, 3, Threshold.parse("0.334"), Threshold.parse("0.667"), 10));
  }

  /**
   * A node of a chain with 600 more accounts (u000..u599) and a multi-block migration budget of 40
   * keys per block (20 accounts rewritten a block), for multi-block migration tests.
   */
  ForklessHost openMigrating(Path data, Path plugins) {
    Map<String, Long> balances = new TreeMap<>();
    balances.put("alice", 1_000_000L);
    balances.put("bob", 500_000L);
    balances.put("carol", 1_000L);
    for (int i = 0; i < 600; i++) {
      balances.put(String.format(java.util.Locale.ROOT, "u%03d", i), 100L + i);
    }
    return ForklessHost.builder()
        .dataDir(data)
        .pluginsFolder(plugins)
        .trust(TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword()))
        .genesis(
            new GenesisConfig(
                "mbm-test",
                GENESIS,
                io.forkless.testing.Accounts.devGenesis(balances),
                hash(SampleJars.jar(SampleJars.RUNTIME_1_0_0))))
        .validators(validators)
        .upgradeConfig(
            new UpgradeConfig(2, 3, Threshold.parse("0.334"), Threshold.parse("0.667"), 10))
        .migrationBudget(new io.forkless.host.migration.StepBudget(40))
        .build();
  }

  /** Signed with the first signer's next governance nonce as {@code host} knows it. */
  SignedGovernanceTx sign(ForklessHost host, GovernanceAction action, String... signers) {
    List<NamedKey> named = new ArrayList<>();
    for (String s : signers) {
      named.add(four.key(s));
    }
    return SignedGovernanceTx.sign(
        host.chain().chainId(), action, host.nextGovernanceNonce(signers[0]), named);
  }

  SignedGovernanceTx sign(GovernanceAction action, String... signers) {
    return sign(CHAIN, action, signers);
  }

  SignedGovernanceTx sign(String chain, GovernanceAction action, String... signers) {
    List<NamedKey> named = new ArrayList<>();
    for (String s : signers) {
      named.add(four.key(s));
    }
    // Every transaction these tests sign is applied, so each validator's nonces count up from 0.
    long nonce = nonces.merge(signers[0], 1L, Long::sum) - 1;
    return SignedGovernanceTx.sign(chain, action, nonce, named);
  }

  /** A plugins folder holding copies of the named sample JARs. */
  static Path pluginsWith(Path folder, String... samples) {
    try {
      Files.createDirectories(folder);
      for (String s : samples) {
        Files.copy(SampleJars.jar(s), folder.resolve(s), StandardCopyOption.REPLACE_EXISTING);
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HashCode hash(Path jar) {
    try {
      return Hashing.sha256().hashBytes(Files.readAllBytes(jar));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every committed key and value of the node's state, hex-encoded, in key order. */
  static Map<String, String> contents(ForklessHost host) {
    Map<String, String> all = new TreeMap<>();
    host.chain()
        .state()
        .scan(
            new byte[0],
            (k, v) -> all.put(BaseEncoding.base16().encode(k), BaseEncoding.base16().encode(v)));
    return all;
  }
}
