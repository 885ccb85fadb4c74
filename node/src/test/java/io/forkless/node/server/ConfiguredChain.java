package io.forkless.node.server;

import io.forkless.host.SampleJars;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.config.RpcAddress;
import io.forkless.testing.jar.Keytool;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine;

/**
 * A configured (non-dev) chain for one test, in one folder: a fresh CA and JAR signer that the
 * node's trust store trusts, the sample runtimes re-signed by that signer, validators with fresh
 * keys in key files, and the node's TOML config. Not shared between tests.
 */
public final class ConfiguredChain {

  /** One validator: its name, stake, key and key file. */
  public record Member(String name, long stake, KeyPair key, Path keyFile) {}

  private final Path dir;
  private final SigningIdentity signer;
  private final List<Member> members = new ArrayList<>();
  private final Map<String, Long> nonces = new HashMap<>();
  private String genesisRuntime = "accounts = []\n";

  public ConfiguredChain(Path dir) {
    this.dir = dir;
    Keytool.in(dir).key("chain-ca").create();
    signer =
        Keytool.in(dir)
            .key("chain-signer")
            .issuedBy(dir.resolve("chain-ca.p12"), "chain-ca", Keytool.PASSWORD.toCharArray())
            .create();
    try (OutputStream out = Files.newOutputStream(dir.resolve("trust.p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", signer.chain().get(signer.chain().size() - 1));
      store.store(out, "trust-pass".toCharArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sample JAR {@code fileName} signed by this chain's signer instead of the dev one. */
  public TestJar resigned(String fileName) {
    try {
      return TestJar.of(Files.readAllBytes(SampleJars.jar(fileName)))
          .withEntryRemoved("META-INF/FORKLESS.SF")
          .withEntryRemoved("META-INF/FORKLESS.RSA")
          .signedBy(Signing.by(signer));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The body of the {@code [genesis.runtime]} table the next {@link #config} writes (default: no
   * accounts), e.g. {@code [[genesis.runtime.accounts]]} tables.
   */
  public ConfiguredChain genesisRuntime(String toml) {
    this.genesisRuntime = toml;
    return this;
  }

  /** Adds validator {@code name} with a fresh key, written to {@code DIR/NAME.key}. */
  public Member validator(String name, long stake) {
    byte[] seed = new byte[Ed25519.KEY_LENGTH];
    new java.security.SecureRandom().nextBytes(seed);
    Path file = dir.resolve(name + ".key");
    try {
      Files.writeString(file, HexFormat.of().formatHex(seed) + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Member m = new Member(name, stake, Ed25519.fromSeed(seed), file);
    members.add(m);
    return m;
  }

  /**
   * Writes the node's config: genesis with {@code genesisRuntime}'s hash, the validators added so
   * far, a timelock of 5 blocks and a voting period of 300, and {@code extra} TOML appended (e.g. a
   * {@code [validator]} table or {@code [genesis.code]} keys after the genesis tables).
   */
  public Path config(String genesisRuntimeHash, String genesisCode, String extra) {
    StringBuilder toml =
        new StringBuilder()
            .append("[node]\ntrust_store = \"trust.p12\"\ntrust_store_password = \"trust-pass\"\n")
            .append("[genesis]\nchain_id = \"configured-chain\"\ntimestamp = ")
            .append(System.currentTimeMillis())
            .append("\nruntime_code_hash = \"")
            .append(genesisRuntimeHash)
            .append("\"\n[genesis.runtime]\n")
            .append(genesisRuntime);
    if (!genesisCode.isEmpty()) {
      toml.append("[genesis.code]\n").append(genesisCode).append('\n');
    }
    for (Member m : members) {
      toml.append("[[genesis.validators]]\nname = \"")
          .append(m.name())
          .append("\"\npublic_key = \"")
          .append(HexFormat.of().formatHex(Ed25519.rawPublicKey(m.key().getPublic())))
          .append("\"\nstake = ")
          .append(m.stake())
          .append('\n');
    }
    toml.append("[upgrade]\ntimelock_delay = 5\nvoting_period = 300\n").append(extra);
    try {
      return Files.writeString(dir.resolve("node.toml"), toml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The settings {@code forkless node --config CONFIG} resolves (RPC on a free port, 200 ms). */
  public static NodeSettings settings(Path config, Path data, Path plugins) {
    NodeCommand command = new NodeCommand();
    new CommandLine(command)
        .parseArgs(
            "--config",
            config.toString(),
            "--data-dir",
            data.toString(),
            "--plugins-dir",
            plugins.toString());
    return command.chain.resolve(Optional.of(new RpcAddress("127.0.0.1", 0)), OptionalLong.of(200));
  }

  /** {@code action} signed by {@code member} alone, with its next governance nonce. */
  public SignedGovernanceTx sign(GovernanceAction action, Member member) {
    long nonce = nonces.merge(member.name(), 1L, Long::sum) - 1;
    return SignedGovernanceTx.sign(
        "configured-chain",
        action,
        nonce,
        List.of(new SignedGovernanceTx.NamedKey(member.name(), member.key().getPrivate())));
  }
}
