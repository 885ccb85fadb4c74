package io.forkless.host.loader;

import static io.forkless.host.loader.LoaderFixtures.DECISION_TIME;
import static io.forkless.host.loader.LoaderFixtures.assertNothingLeftOpen;
import static io.forkless.host.loader.LoaderFixtures.devSigned;
import static io.forkless.host.loader.LoaderFixtures.devSigner;
import static io.forkless.host.loader.LoaderFixtures.devVerifier;
import static io.forkless.host.loader.LoaderFixtures.hashOf;
import static io.forkless.host.loader.LoaderFixtures.rejection;
import static io.forkless.host.loader.LoaderFixtures.runtimeJar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.SampleJars;
import io.forkless.testing.jar.TestJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Point 1 of the trust section (the code hash), the real sample JARs, and offline inspection. */
class JarVerifierTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    SampleJars.RUNTIME_1_0_0 + ", 1.0.0",
    SampleJars.RUNTIME_1_1_0 + ", 1.1.0",
    SampleJars.RUNTIME_2_0_0 + ", 2.0.0",
    SampleJars.ADD_STAKING + ","
  })
  void verifiesEachSampleJarAgainstTheDevTrustStore(String fileName, String version)
      throws IOException {
    Path jar = Files.copy(SampleJars.jar(fileName), dir.resolve(fileName));
    HashCode approved = Hashing.sha256().hashBytes(Files.readAllBytes(jar));

    VerifiedJar verified = devVerifier().verify(jar, approved, DECISION_TIME);

    assertThat(verified.codeHash()).isEqualTo(approved);
    assertThat(verified.signer()).isEqualTo(devSigner().certificate());
    assertThat(verified.signerChain()).hasSize(2);
    assertThat(verified.entryNames()).anyMatch(name -> name.endsWith(".class"));
    assertThat(verified.entryNames()).noneMatch(name -> name.endsWith("/"));
    if (version != null) {
      assertThat(verified.attribute("Forkless-Runtime-Version")).contains(version);
    }
    assertNothingLeftOpen(jar);
  }

  @Test
  void refusesAJarWhoseHashIsNotTheApprovedOne() {
    TestJar jar = devSigned(runtimeJar());
    Path file = jar.writeTo(dir.resolve("runtime.jar"));
    HashCode approved = Hashing.sha256().hashBytes(new byte[] {1, 2, 3});

    assertThatThrownBy(() -> devVerifier().verify(file, approved, DECISION_TIME))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessage(
            "refused "
                + file
                + ": code hash mismatch: the file's SHA-256 is "
                + jar.sha256Hex()
                + " but governance approved "
                + approved
                + " (a different or modified JAR)");
    assertNothingLeftOpen(file);
  }

  @Test
  void refusesAMissingFileWithTheReason() {
    Path missing = dir.resolve("missing.jar");

    assertThatThrownBy(
            () -> devVerifier().verify(missing, hashOf(runtimeJar().build()), DECISION_TIME))
        .isInstanceOf(RuntimeRejectedException.class)
        .hasMessageStartingWith("refused " + missing + ": cannot read the file: ")
        .hasMessageContaining("NoSuchFileException");
  }

  @Test
  void refusesAHashThatIsNotSha256() {
    assertThatThrownBy(
            () ->
                devVerifier().verify("x", new byte[0], HashCode.fromString("00ff"), DECISION_TIME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a SHA-256 code hash (256 bits) but got 16 bits: 00ff");
  }

  @Test
  void aFileSwappedOnDiskAfterVerifyDoesNotAffectTheVerifiedJar() throws IOException {
    Path file = Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_0_0), dir.resolve("runtime.jar"));
    byte[] original = Files.readAllBytes(file);
    HashCode approved = Hashing.sha256().hashBytes(original);

    VerifiedJar verified = devVerifier().verify(file, approved, DECISION_TIME);
    Files.copy(SampleJars.jar(SampleJars.RUNTIME_2_0_0), file, StandardCopyOption.REPLACE_EXISTING);

    assertThat(verified.codeHash()).isEqualTo(approved);
    assertThat(verified.attribute("Forkless-Runtime-Version")).contains("1.0.0");
    Map<String, byte[]> originalFiles = fileEntries(original);
    assertThat(verified.entryNames()).containsExactlyElementsOf(originalFiles.keySet());
    originalFiles.forEach(
        (name, bytes) ->
            assertThat(verified.entry(name))
                .as(name)
                .hasValueSatisfying(actual -> assertThat(actual).isEqualTo(bytes)));
    assertNothingLeftOpen(file);
  }

  @Test
  void bytesChangedByTheCallerAfterVerifyDoNotAffectTheVerifiedJar() {
    TestJar jar = devSigned(runtimeJar());
    byte[] bytes = jar.bytes();

    VerifiedJar verified = devVerifier().verify("in memory", bytes, hashOf(jar), DECISION_TIME);
    Arrays.fill(bytes, (byte) 0);

    assertThat(verified.entry("io/example/A.class"))
        .hasValueSatisfying(
            a -> assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo("class A bytes"));
  }

  @Test
  void inspectionReportsWhatAGoodJarIs() {
    TestJar jar = devSigned(runtimeJar());

    JarInspection inspection = devVerifier().inspect("good.jar", jar.bytes(), DECISION_TIME);

    assertThat(inspection)
        .isEqualTo(
            new JarInspection(
                "good.jar",
                Optional.of(hashOf(jar)),
                Optional.of("1.0.0"),
                Optional.of("CN=Forkless DEVELOPMENT signer - NOT FOR PRODUCTION,O=Forkless dev"),
                ImmutableList.of()));
    assertThat(inspection.passed()).isTrue();
  }

  @Test
  void inspectionReportsEveryProblemOfABadJarWithoutThrowing() {
    TestJar jar =
        devSigned(runtimeJar())
            .withEntryAdded("io/example/Extra.class", new byte[] {1})
            .withEntryReplaced("io/example/A.class", new byte[] {2});
    Path file = jar.writeTo(dir.resolve("bad.jar"));

    JarInspection inspection = devVerifier().inspect(file, DECISION_TIME);

    assertThat(inspection.passed()).isFalse();
    assertThat(inspection.codeHash()).contains(hashOf(jar));
    assertThat(inspection.declaredVersion()).contains("1.0.0");
    assertThat(inspection.problems())
        .containsExactly(
            "entry io/example/A.class does not match its signed digest (changed after signing):"
                + " SHA-256 digest error for io/example/A.class",
            "entry io/example/Extra.class is not signed: it is not in the manifest (added after"
                + " signing)");
    assertNothingLeftOpen(file);
  }

  @Test
  void inspectionReportsAnUnsafeArchiveWithoutReadingItsSignature() {
    TestJar jar = runtimeJar().entry("../evil.class", "x").entry("lib/a.zip", "y").build();

    JarInspection inspection = devVerifier().inspect("bad.jar", jar.bytes(), DECISION_TIME);

    assertThat(inspection.declaredVersion()).isEmpty();
    assertThat(inspection.signerSubject()).isEmpty();
    assertThat(inspection.problems())
        .containsExactly(
            "entry ../evil.class escapes the archive: path traversal through '..'",
            "entry lib/a.zip is a nested archive: a runtime JAR must not contain archives");
  }

  @Test
  void inspectionReportsAnUnreadableFile() {
    JarInspection inspection = devVerifier().inspect(dir.resolve("none.jar"), DECISION_TIME);

    assertThat(inspection.codeHash()).isEmpty();
    assertThat(inspection.problems())
        .singleElement()
        .asString()
        .startsWith("cannot read the file: ");
  }

  @Test
  void trustAnchorsFromTheDevTrustStoreHoldOnlyTheDevCa() {
    assertThat(LoaderFixtures.devTrust().certificates())
        .containsExactly(devSigner().chain().get(1));
  }

  @Test
  void refusesTheDevSignerWhenTheNodeTrustsAnotherCa() {
    JarVerifier verifier =
        JarVerifier.create(
            TrustAnchors.of(List.of(devSigner().certificate())), ArchiveLimits.defaults());

    assertThat(rejection(verifier, devSigned(runtimeJar()), dir, DECISION_TIME).reasons())
        .singleElement()
        .asString()
        .startsWith(
            "the signer CN=Forkless DEVELOPMENT signer - NOT FOR PRODUCTION,O=Forkless dev does"
                + " not chain to a trusted certificate at ");
  }

  private static Map<String, byte[]> fileEntries(byte[] jar) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          files.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return files;
  }
}
