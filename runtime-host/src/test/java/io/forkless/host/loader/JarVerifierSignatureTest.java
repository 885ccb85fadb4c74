package io.forkless.host.loader;

import static io.forkless.host.loader.LoaderFixtures.DECISION_TIME;
import static io.forkless.host.loader.LoaderFixtures.devSigned;
import static io.forkless.host.loader.LoaderFixtures.devSigner;
import static io.forkless.host.loader.LoaderFixtures.devVerifier;
import static io.forkless.host.loader.LoaderFixtures.hashOf;
import static io.forkless.host.loader.LoaderFixtures.rejection;
import static io.forkless.host.loader.LoaderFixtures.runtimeJar;
import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.host.SampleJars;
import io.forkless.testing.jar.Keytool;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point 3 of the trust section: a strict signature by one trusted signer. */
class JarVerifierSignatureTest {

  /**
   * Wall-clock now, only to make certificates that are valid now or not; never seen by the
   * verifier.
   */
  private static final Instant NOW = Instant.now();

  @TempDir static Path keys;
  @TempDir Path dir;

  private static SigningIdentity untrusted;
  private static SigningIdentity second;
  private static SigningIdentity rsa1024;
  private static SigningIdentity validForThirtyDaysFromYesterday;
  private static SigningIdentity validFromHundredDaysAhead;

  @BeforeAll
  static void makeKeys() {
    untrusted = Keytool.in(keys).key("untrusted").create();
    second = devCaIssued("second").create();
    rsa1024 = devCaIssued("rsa1024").rsa(1024).create();
    validForThirtyDaysFromYesterday =
        devCaIssued("short-lived").startDate("-1d").validityDays(30).create();
    validFromHundredDaysAhead = devCaIssued("future").startDate("+100d").validityDays(30).create();
  }

  private static Keytool devCaIssued(String name) {
    return Keytool.in(keys)
        .key(name)
        .issuedBy(SampleJars.devCaKeyStore(), "forkless-dev-ca", SampleJars.devPassword());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void refusesAnUnsignedJar() {
    assertThat(rejection(runtimeJar().build(), dir).reasons())
        .containsExactly(
            "the JAR is not signed: it has no signature file (META-INF/*.SF); sign it with"
                + " jarsigner");
  }

  @Test
  void refusesAnUnsignedEntryAddedAfterSigning() {
    TestJar jar = devSigned(runtimeJar()).withEntryAdded("io/example/Extra.class", utf8("extra"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "entry io/example/Extra.class is not signed: it is not in the manifest (added after"
                + " signing)");
  }

  @Test
  void refusesAnEntryChangedAfterSigning() {
    TestJar jar =
        devSigned(runtimeJar()).withEntryReplaced("io/example/A.class", utf8("class A changed"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "entry io/example/A.class does not match its signed digest (changed after signing):"
                + " SHA-256 digest error for io/example/A.class");
  }

  @Test
  void refusesAManifestEntryThatNoSignatureCovers() {
    TestJar jar =
        devSigned(runtimeJar()).withEntryAddedToManifest("io/example/Extra.class", utf8("extra"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "entry io/example/Extra.class is not signed: the manifest lists it, but no signature"
                + " file covers it");
  }

  @Test
  void refusesASignatureBlockChangedAfterSigning() {
    TestJar jar = devSigned(runtimeJar()).withEntryReplaced("META-INF/SIGNER.RSA", utf8("junk"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "the signature (META-INF/SIGNER.SF, META-INF/SIGNER.RSA) does not verify: the"
                + " signature file or block was changed after signing, or is corrupt");
  }

  @Test
  void refusesASignatureFileChangedAfterSigning() {
    TestJar signed = devSigned(runtimeJar());
    TestJar jar =
        signed.withEntryReplaced(
            "META-INF/SIGNER.SF",
            utf8("Signature-Version: 1.0\r\nSHA-256-Digest-Manifest: AAAA\r\n\r\n"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "the signature (META-INF/SIGNER.SF, META-INF/SIGNER.RSA) does not verify: the"
                + " signature file or block was changed after signing, or is corrupt");
  }

  @Test
  void refusesAJarSignedByAnUntrustedKey() {
    TestJar jar = runtimeJar().build().signedBy(Signing.by(untrusted));

    assertThat(rejection(jar, dir).reasons())
        .singleElement()
        .asString()
        .startsWith(
            "the signer CN=untrusted,O=Forkless tests does not chain to a trusted certificate at "
                + DECISION_TIME)
        .endsWith("; trusted: [CN=Forkless DEVELOPMENT CA - NOT FOR PRODUCTION,O=Forkless dev]");
  }

  @Test
  void refusesAJarWithTwoSigners() {
    TestJar jar = devSigned(runtimeJar()).signedBy(Signing.by(second).named("SECOND"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "the JAR has 2 signers (META-INF/SECOND.SF, META-INF/SIGNER.SF): exactly one signer"
                + " is allowed");
  }

  @Test
  void refusesAWeakDigestAlgorithmByName() {
    TestJar jar =
        runtimeJar()
            .build()
            .signedBy(Signing.by(devSigner()).withAlgorithms("SHA-1", "SHA1withRSA"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "weak digest algorithm SHA-1 in META-INF/MANIFEST.MF: re-sign with SHA-256 or"
                + " stronger (jarsigner -digestalg SHA-256)",
            "weak digest algorithm SHA-1 in META-INF/SIGNER.SF: re-sign with SHA-256 or stronger"
                + " (jarsigner -digestalg SHA-256)",
            "signature block META-INF/SIGNER.RSA uses the weak algorithm SHA-1, SHA1withRSA:"
                + " re-sign with SHA-256 or stronger (jarsigner -digestalg SHA-256 -sigalg"
                + " SHA256withRSA)");
  }

  @Test
  void refusesAWeakRsaKey() {
    TestJar jar = runtimeJar().build().signedBy(Signing.by(rsa1024));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "weak key: CN=rsa1024,O=Forkless tests has a 1024-bit RSA key; at least 2048 bits are"
                + " required");
  }

  @Test
  void refusesAnEntryListedInTheSignatureFileButMissing() {
    TestJar jar = devSigned(runtimeJar()).withEntryRemoved("io/example/B.class");

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "signature file META-INF/SIGNER.SF lists io/example/B.class, which is not in the"
                + " archive (removed after signing)");
  }

  @Test
  void refusesACertificateExpiredAtTheDecisionTimeThoughValidOnTheWallClock() {
    TestJar jar = runtimeJar().build().signedBy(Signing.by(validForThirtyDaysFromYesterday));
    Instant decisionTime = NOW.plus(Duration.ofDays(60));
    Instant notAfter = validForThirtyDaysFromYesterday.certificate().getNotAfter().toInstant();

    assertThat(rejection(devVerifier(), jar, dir, decisionTime).reasons())
        .containsExactly(
            "the certificate CN=short-lived,O=Forkless tests expired at "
                + notAfter
                + ", before the decision time "
                + decisionTime);
    assertThat(devVerifier().verify("valid today", jar.bytes(), hashOf(jar), NOW).signer())
        .isEqualTo(validForThirtyDaysFromYesterday.certificate());
  }

  @Test
  void acceptsACertificateValidAtTheDecisionTimeThoughNotYetValidOnTheWallClock() {
    TestJar jar = runtimeJar().build().signedBy(Signing.by(validFromHundredDaysAhead));
    Instant notBefore = validFromHundredDaysAhead.certificate().getNotBefore().toInstant();

    assertThat(
            devVerifier()
                .verify("future", jar.bytes(), hashOf(jar), NOW.plus(Duration.ofDays(110)))
                .signer())
        .isEqualTo(validFromHundredDaysAhead.certificate());
    assertThat(rejection(devVerifier(), jar, dir, NOW).reasons())
        .containsExactly(
            "the certificate CN=future,O=Forkless tests is not valid until "
                + notBefore
                + ", after the decision time "
                + NOW);
  }

  @Test
  void acceptsAJarSignedByTheDevKeyAndReportsItsChainLeafFirst() {
    TestJar jar = devSigned(runtimeJar());

    VerifiedJar verified = devVerifier().verify("dev", jar.bytes(), hashOf(jar), DECISION_TIME);

    assertThat(verified.signerChain()).containsExactlyElementsOf(devSigner().chain());
    assertThat(verified.attribute("Forkless-Runtime-Version")).contains("1.0.0");
    assertThat(verified.entryNames())
        .contains("io/example/A.class", "io/example/B.class", "META-INF/MANIFEST.MF");
  }
}
