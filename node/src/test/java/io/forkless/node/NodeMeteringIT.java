package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.testing.hostile.HostileCorpus;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import io.forkless.testing.jar.Keytool;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 on a real node process: a runtime whose every transaction spins forever. The transaction
 * fails with "out of steps", the chain keeps producing blocks, {@code /health} stays ok, the status
 * shows the limits, and SIGTERM stops the node. The runtime is the corpus's {@code SpinsForever},
 * signed by a fresh CA that the node's own trust store trusts (a configured, non-dev chain).
 */
class NodeMeteringIT {

  private static final Duration STEP = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void aRuntimeThatSpinsForeverFailsItsTransactionWhileBlocksKeepComingAndSigtermStopsTheNode()
      throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    String codeHash = signedSpinningRuntime(plugins.resolve("spin.jar"));
    Path config = config(codeHash);
    try (NodeProcess node =
        NodeProcess.start(
            tmp.resolve("node.log"),
            "--config",
            config.toString(),
            "--data-dir",
            tmp.resolve("data").toString(),
            "--plugins-dir",
            plugins.toString(),
            "--block-time",
            "200")) {
      String hash =
          node.rpc("forkless_submitRuntimeTransaction", NodeProcess.params().put("text", "spin"))
              .get("hash")
              .asText();
      await()
          .atMost(STEP)
          .until(
              () ->
                  node.rpc("forkless_transaction", NodeProcess.params().put("hash", hash))
                      .get("status")
                      .asText()
                      .equals("included"));
      JsonNode tx = node.rpc("forkless_transaction", NodeProcess.params().put("hash", hash));
      assertThat(tx.get("success").asBoolean()).isFalse();
      assertThat(tx.get("message").asText())
          .startsWith("out of steps at io.forkless.testing.hostile.SpinsForever.apply after");
      long included = tx.get("height").asLong();
      await()
          .atMost(STEP)
          .until(
              () ->
                  node.rpc("forkless_status", NodeProcess.params()).get("height").asLong()
                      >= included + 3);
      assertThat(node.health().statusCode()).isEqualTo(200);
      JsonNode status = node.rpc("forkless_status", NodeProcess.params());
      assertThat(status.get("metering").get("txSteps").asLong()).isEqualTo(10_000_000L);
      assertThat(status.get("halted").isNull()).as("%s", status).isTrue();

      int exit = node.stop();
      assertThat(exit).as(node.logText()).isIn(0, 143);
    }
  }

  /** SpinsForever as a runtime JAR signed by a fresh signer; returns its SHA-256. */
  private String signedSpinningRuntime(Path jar) {
    HostileCase spin =
        HostileCorpus.cases().stream()
            .filter(c -> c.name().equals("SpinsForever"))
            .findFirst()
            .orElseThrow();
    Keytool.in(tmp).key("ca").create();
    SigningIdentity signer =
        Keytool.in(tmp)
            .key("signer")
            .issuedBy(tmp.resolve("ca.p12"), "ca", Keytool.PASSWORD.toCharArray())
            .create();
    TestJar.Builder builder =
        TestJar.builder()
            .manifestAttribute("Forkless-Runtime-Version", "1.0.0")
            .entry("META-INF/services/io.forkless.api.Runtime", spin.implementation() + "\n");
    for (Map.Entry<String, byte[]> file : spin.classFiles().entrySet()) {
      builder.entry(file.getKey(), file.getValue());
    }
    TestJar signed = builder.build().signedBy(Signing.by(signer));
    signed.writeTo(jar);
    trustStore(signer);
    return signed.sha256Hex();
  }

  private void trustStore(SigningIdentity signer) {
    try (OutputStream out = Files.newOutputStream(tmp.resolve("trust.p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", signer.chain().get(signer.chain().size() - 1));
      store.store(out, "trust-pass".toCharArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Path config(String codeHash) throws Exception {
    byte[] encoded =
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
    byte[] raw = new byte[32];
    System.arraycopy(encoded, encoded.length - 32, raw, 0, 32);
    String toml =
        "[node]\ntrust_store = \""
            + tmp.resolve("trust.p12").toString().replace("\\", "/")
            + "\"\ntrust_store_password = \"trust-pass\"\n"
            + "[genesis]\nchain_id = \"spin-chain\"\ntimestamp = "
            + System.currentTimeMillis()
            + "\nruntime_code_hash = \""
            + codeHash
            + "\"\n[genesis.runtime]\nnote = \"the spinning runtime reads no genesis\"\n"
            + "[[genesis.validators]]\nname = \"v1\"\npublic_key = \""
            + HexFormat.of().formatHex(raw)
            + "\"\nstake = 1\n";
    return Files.writeString(tmp.resolve("node.toml"), toml);
  }
}
