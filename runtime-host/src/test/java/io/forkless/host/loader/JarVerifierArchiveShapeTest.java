package io.forkless.host.loader;

import static io.forkless.host.loader.LoaderFixtures.DECISION_TIME;
import static io.forkless.host.loader.LoaderFixtures.devSigned;
import static io.forkless.host.loader.LoaderFixtures.devTrust;
import static io.forkless.host.loader.LoaderFixtures.rejection;
import static io.forkless.host.loader.LoaderFixtures.runtimeJar;
import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.testing.jar.TestJar;
import io.forkless.testing.jar.TestJar.NamePatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Point 2 of the trust section: the archive's shape, checked on the raw bytes. */
class JarVerifierArchiveShapeTest {

  @TempDir Path dir;

  @Test
  void refusesAFileThatIsNotAZipArchive() {
    TestJar garbage = TestJar.of("not a jar at all".getBytes(StandardCharsets.US_ASCII));

    assertThat(rejection(garbage, dir).reasons())
        .containsExactly(
            "not a ZIP archive: no end-of-central-directory record (the file is corrupt or"
                + " truncated)");
  }

  @Test
  void refusesATruncatedJar() {
    byte[] signed = devSigned(runtimeJar()).bytes();
    TestJar truncated = TestJar.of(Arrays.copyOf(signed, signed.length - 10));

    assertThat(rejection(truncated, dir).reasons())
        .containsExactly(
            "not a ZIP archive: no end-of-central-directory record (the file is corrupt or"
                + " truncated)");
  }

  @Test
  void refusesAnEmptyFile() {
    assertThat(rejection(TestJar.of(new byte[0]), dir).reasons())
        .containsExactly("the file is empty (0 bytes): not a JAR");
  }

  @Test
  void refusesAZipArchiveWithNoEntries() {
    byte[] endOfCentralDirectoryOnly = new byte[22];
    endOfCentralDirectoryOnly[0] = 'P';
    endOfCentralDirectoryOnly[1] = 'K';
    endOfCentralDirectoryOnly[2] = 5;
    endOfCentralDirectoryOnly[3] = 6;

    assertThat(rejection(TestJar.of(endOfCentralDirectoryOnly), dir).reasons())
        .containsExactly("the archive has no entries: an empty JAR");
  }

  @Test
  void refusesAZipBomb() {
    TestJar bomb = devSigned(runtimeJar().entry("io/example/Bomb.class", new byte[10 << 20]));

    assertThat(rejection(bomb, dir).reasons())
        .singleElement()
        .asString()
        .matches(
            "entry io/example/Bomb\\.class expands from \\d+ to 10485760 bytes \\(ratio \\d{4}:1\\),"
                + " more than the limit of 100:1 \\(ArchiveLimits\\.maxCompressionRatio\\): a zip bomb");
  }

  @Test
  void refusesAnEntryThatInflatesPastItsDeclaredSize() {
    TestJar jar =
        devSigned(runtimeJar().entry("io/example/Bomb.class", new byte[1 << 20]))
            .withDeclaredSizePatched("io/example/Bomb.class", 1000);

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "corrupt or unreadable JAR: entry io/example/Bomb.class inflates past its declared size"
                + " of 1000 bytes");
  }

  @Test
  void refusesAManifestThatInflatesPastItsDeclaredSize() {
    TestJar jar = devSigned(runtimeJar()).withDeclaredSizePatched("META-INF/MANIFEST.MF", 10);

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "entry META-INF/MANIFEST.MF does not inflate to its declared size of 10 bytes");
  }

  @Test
  void refusesAnEntryLargerThanTheLimit() {
    JarVerifier verifier =
        JarVerifier.create(devTrust(), ArchiveLimits.defaults().withMaxEntrySize(4000));
    TestJar jar = devSigned(runtimeJar().entry("io/example/Big.class", new byte[4001]));

    assertThat(rejection(verifier, jar, dir, DECISION_TIME).reasons())
        .containsExactly(
            "entry io/example/Big.class is 4001 bytes uncompressed, more than the limit of 4000"
                + " bytes (ArchiveLimits.maxEntrySize)");
  }

  @Test
  void refusesTooManyEntries() {
    JarVerifier verifier =
        JarVerifier.create(devTrust(), ArchiveLimits.defaults().withMaxEntries(3));
    TestJar jar = runtimeJar().entry("io/example/C.class", "c").build();

    assertThat(rejection(verifier, jar, dir, DECISION_TIME).reasons())
        .containsExactly(
            "the archive has 5 entries, more than the limit of 3 (ArchiveLimits.maxEntries)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "../evil.class | entry ../evil.class escapes the archive: path traversal through '..'",
        "io/../../evil.class | entry io/../../evil.class escapes the archive: path traversal"
            + " through '..'",
        "/etc/evil.class | entry /etc/evil.class is an absolute path: entry names must be relative",
        "C:/evil.class | entry C:/evil.class starts with a drive letter: names must be relative",
        "io\\evil.class | entry io\\evil.class contains a backslash: entry names separate with '/'",
        "io//evil.class | entry io//evil.class has an empty or '.' path segment",
      })
  void refusesAnEntryNameThatIsNotASafeRelativePath(String name, String reason) {
    TestJar jar = devSigned(runtimeJar().entry(name, "evil"));

    assertThat(rejection(jar, dir).reasons()).containsExactly(reason);
  }

  @Test
  void refusesDuplicateEntryNames() {
    TestJar jar =
        devSigned(runtimeJar().entry("io/example/X.class", "x"))
            .withNamePatched("io/example/X.class", "io/example/A.class", NamePatch.EVERYWHERE);

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "duplicate entry name io/example/A.class: every entry name must be unique");
  }

  @Test
  void refusesACentralDirectoryNameThatDiffersFromItsLocalHeader() {
    TestJar jar =
        devSigned(runtimeJar())
            .withNamePatched(
                "io/example/A.class", "io/example/Z.class", NamePatch.CENTRAL_DIRECTORY_ONLY);

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "entry io/example/Z.class is named io/example/A.class in its local header: the central"
                + " directory and the local headers disagree");
  }

  @Test
  void refusesANestedJar() {
    TestJar jar = devSigned(runtimeJar().entry("lib/inner.jar", runtimeJar().build().bytes()));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "entry lib/inner.jar is a nested archive: a runtime JAR must not contain archives");
  }

  @Test
  void refusesADirectoryEntryWithData() {
    TestJar jar = devSigned(runtimeJar().entry("io/example/", "data"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "directory entry io/example/ has data (4 bytes): a directory entry must be empty");
  }

  @Test
  void refusesAMultiReleaseManifest() {
    TestJar jar = devSigned(runtimeJar().manifestAttribute("Multi-Release", "true"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "the manifest declares Multi-Release: true: version-specific class overrides are not"
                + " allowed");
  }

  @Test
  void refusesMultiReleaseVersionEntries() {
    TestJar jar =
        devSigned(runtimeJar().entry("META-INF/versions/11/io/example/A.class", "override"));

    assertThat(rejection(jar, dir).reasons())
        .containsExactly(
            "entry META-INF/versions/11/io/example/A.class is a Multi-Release override:"
                + " META-INF/versions/ is not allowed");
  }
}
