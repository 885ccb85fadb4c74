package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

  @Test
  void signingMakesACaATrustStoreAndACodeSigningKeyTheNodeAccepts(@TempDir Path dir)
      throws Exception {
    Cli cli =
        Cli.run(
            "keys", "signing", "--out", dir.toString(), "--name", "acme", "--password", "s3cret!");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("acme-jar-signing.p12").contains("forkless-signer");
    SigningIdentity signer =
        SigningIdentity.fromPkcs12(
            dir.resolve("acme-jar-signing.p12"), "forkless-signer", "s3cret!".toCharArray());
    X509Certificate leaf = signer.certificate();
    assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.3"); // codeSigning
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(signer.chain()).hasSize(2);
    TrustAnchors trust =
        TrustAnchors.fromPkcs12(dir.resolve("acme-truststore.p12"), "s3cret!".toCharArray());
    assertThat(trust.certificates()).containsExactly(signer.chain().get(1));
    assertThat(leaf.getIssuerX500Principal())
        .isEqualTo(signer.chain().get(1).getSubjectX500Principal());

    // A runtime signed with the new key passes inspect against the new trust store.
    Path jar =
        unsigned(SampleJars.runtime("1.0.0"))
            .signedBy(Signing.by(signer))
            .writeTo(dir.resolve("mine.jar"));
    Cli inspect =
        Cli.run(
            "runtime",
            "inspect",
            jar.toString(),
            "--truststore",
            dir.resolve("acme-truststore.p12").toString(),
            "--truststore-password",
            "s3cret!");
    assertThat(inspect.exitCode()).as(inspect.out() + inspect.err()).isZero();
    assertThat(inspect.out()).contains("CN=acme runtime signer");

    // --dev and --truststore together trust both, as `forkless node --dev --trust-store` does.
    for (Path either : List.of(jar, SampleJars.runtime("1.0.0"))) {
      Cli both =
          Cli.run(
              "runtime",
              "inspect",
              either.toString(),
              "--dev",
              "--truststore",
              dir.resolve("acme-truststore.p12").toString(),
              "--truststore-password",
              "s3cret!");
      assertThat(both.exitCode()).as(both.out() + both.err()).isZero();
    }
  }

  /** The sample JAR without the dev key's signature files. */
  static TestJar unsigned(Path signedJar) throws java.io.IOException {
    TestJar jar = TestJar.of(Files.readAllBytes(signedJar));
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(signedJar.toFile())) {
      for (String name :
          zip.stream()
              .map(java.util.zip.ZipEntry::getName)
              .filter(n -> n.startsWith("META-INF/") && n.matches(".*\\.(SF|RSA|EC|DSA)"))
              .toList()) {
        jar = jar.withEntryRemoved(name);
      }
    }
    return jar;
  }

  @Test
  void signingNeverOverwritesAndChecksItsArguments(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("acme-ca.p12"), "precious");

    Cli existing =
        Cli.run(
            "keys", "signing", "--out", dir.toString(), "--name", "acme", "--password", "s3cret!");
    Cli badName =
        Cli.run(
            "keys", "signing", "--out", dir.toString(), "--name", "a/b", "--password", "s3cret!");
    Cli shortPassword =
        Cli.run("keys", "signing", "--out", dir.toString(), "--name", "x", "--password", "abc");

    assertThat(existing.exitCode()).isEqualTo(1);
    assertThat(existing.err()).contains("acme-ca.p12 already exists");
    assertThat(Files.readString(dir.resolve("acme-ca.p12"))).isEqualTo("precious");
    assertThat(badName.err()).contains("--name must be");
    assertThat(shortPassword.err()).contains("at least 6 characters");
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void validatorWritesAPrivateSeedFileAndPrintsItsPublicKey(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("keys/validator-1.key");

    Cli cli = Cli.run("keys", "validator", "--out", keyFile.toString(), "--json");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode json = FakeNode.parse(cli.out());
    String seedHex = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
    assertThat(seedHex).matches("[0-9a-f]{64}");
    String expected =
        HexFormat.of()
            .formatHex(
                Ed25519.rawPublicKey(
                    Ed25519.fromSeed(HexFormat.of().parseHex(seedHex)).getPublic()));
    assertThat(json.path("publicKey").asText()).isEqualTo(expected);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");

    Cli again = Cli.run("keys", "validator", "--out", keyFile.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already exists");
    assertThat(Files.readString(keyFile, StandardCharsets.US_ASCII).strip()).isEqualTo(seedHex);
  }

  @Test
  void quietPrintsOnlyThePublicKey(@TempDir Path dir) {
    Cli cli = Cli.run("keys", "validator", "--out", dir.resolve("v.key").toString(), "--quiet");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out().strip()).matches("[0-9a-f]{64}");
  }
}
