package io.forkless.host.governance;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.ForklessHost;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.testing.Accounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Governed hosts for end-to-end tests: a chain on RocksDB with four validators of unequal stake
 * (alice 40, bob 30, charlie 20, dave 10), alice 1,000 and bob 500 at genesis on the 1.0.0 sample
 * runtime, the real signed sample JARs found by code hash in a plugins folder, and the validators'
 * signatures. One instance per test (it remembers the host it opened last, for governance nonces).
 */
final class GovernedHosts {

  private static final long GENESIS = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

  private final String chainId;
  private final Path dir;
  private final TestValidators four = TestValidators.of("e2e");
  private @Nullable ForklessHost current;

  GovernedHosts(String chainId, Path dir) {
    this.chainId = chainId;
    this.dir = dir;
  }

  /** A plugins folder under the test's folder holding these sample JARs. */
  Path pluginsWith(String... samples) {
    try {
      Path plugins = Files.createDirectories(dir.resolve("plugins"));
      for (String s : samples) {
        Files.copy(SampleJars.jar(s), plugins.resolve(s), StandardCopyOption.REPLACE_EXISTING);
      }
      return plugins;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens (or reopens) the chain in the test's folder with {@code plugins}. */
  ForklessHost open(Path plugins) {
    current =
        ForklessHost.builder()
            .dataDir(dir.resolve("data"))
            .pluginsFolder(plugins)
            .trust(TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword()))
            .genesis(
                new GenesisConfig(
                    chainId,
                    GENESIS,
                    Accounts.devGenesis(Map.of("alice", 1000L, "bob", 500L)),
                    hash(SampleJars.RUNTIME_1_0_0)))
            .validators(four.set())
            .upgradeConfig(
                new UpgradeConfig(5, 3, Threshold.parse("0.334"), Threshold.parse("0.667"), 10))
            .build();
    return current;
  }

  /** {@code action} signed by {@code signers}, with the first one's next governance nonce. */
  SignedGovernanceTx sign(GovernanceAction action, String... signers) {
    List<NamedKey> named = new ArrayList<>();
    for (String s : signers) {
      named.add(four.key(s));
    }
    return SignedGovernanceTx.sign(
        chainId,
        action,
        Objects.requireNonNull(current, "open a host first").nextGovernanceNonce(signers[0]),
        named);
  }

  /** The SHA-256 code hash of a sample JAR. */
  static HashCode hash(String sample) {
    try {
      return Hashing.sha256().hashBytes(Files.readAllBytes(SampleJars.jar(sample)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
