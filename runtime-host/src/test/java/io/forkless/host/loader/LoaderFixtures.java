package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.hash.HashCode;
import io.forkless.host.SampleJars;
import io.forkless.testing.OpenFiles;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the verifier tests share: the dev trust, the dev signer, and a rejection probe. */
final class LoaderFixtures {

  /** Inside the dev certificates' validity (2025 to 2054). */
  static final Instant DECISION_TIME = Instant.parse("2026-06-01T00:00:00Z");

  private LoaderFixtures() {}

  static TrustAnchors devTrust() {
    return TrustAnchors.fromPkcs12(SampleJars.devTrustStore(), SampleJars.devPassword());
  }

  static SigningIdentity devSigner() {
    return SigningIdentity.fromPkcs12(
        SampleJars.devSigningKeyStore(), "forkless-dev-signer", SampleJars.devPassword());
  }

  static JarVerifier devVerifier() {
    return JarVerifier.create(devTrust(), ArchiveLimits.defaults());
  }

  /** A small runtime-like JAR: a version attribute, two classes and a service file. */
  static TestJar.Builder runtimeJar() {
    return TestJar.builder()
        .manifestAttribute("Forkless-Runtime-Version", "1.0.0")
        .entry("io/example/A.class", "class A bytes")
        .entry("io/example/B.class", "class B bytes")
        .entry("META-INF/services/io.forkless.api.Runtime", "io.example.A\n");
  }

  static TestJar devSigned(TestJar.Builder jar) {
    return jar.build().signedBy(Signing.by(devSigner()));
  }

  static HashCode hashOf(TestJar jar) {
    return HashCode.fromString(jar.sha256Hex());
  }

  /**
   * Writes the JAR to a file in {@code dir}, verifies it by path against its own hash, and returns
   * the rejection, after checking that no file handle stayed open and the file can be deleted.
   */
  static RuntimeRejectedException rejection(
      JarVerifier verifier, TestJar jar, Path dir, Instant decisionTime) {
    Path file = jar.writeTo(dir.resolve("candidate.jar"));
    RuntimeRejectedException rejected =
        catchThrowableOfType(
            RuntimeRejectedException.class, () -> verifier.verify(file, hashOf(jar), decisionTime));
    assertThat(rejected).as("verifying %s must be refused", file).isNotNull();
    assertThat(rejected.source()).isEqualTo(file.toString());
    assertNothingLeftOpen(file);
    return rejected;
  }

  static RuntimeRejectedException rejection(TestJar jar, Path dir) {
    return rejection(devVerifier(), jar, dir, DECISION_TIME);
  }

  /** No descriptor points at the file, and it can be deleted. */
  static void assertNothingLeftOpen(Path file) {
    assertThat(OpenFiles.pointingAt(file)).as("descriptors open on %s", file).isEmpty();
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(file).doesNotExist();
  }
}
