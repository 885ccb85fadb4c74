package io.forkless.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The build's output: every sample JAR exists, is signed by the development key, and says what it
 * is.
 */
class SampleJarsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        SampleJars.RUNTIME_1_0_0,
        SampleJars.RUNTIME_1_1_0,
        SampleJars.RUNTIME_2_0_0,
        SampleJars.ADD_STAKING
      })
  void everyEntryIsSignedByTheDevelopmentKey(String fileName) throws Exception {
    X509Certificate devSigner = devSignerCertificate();
    int contentEntries = 0;
    try (JarFile jar = new JarFile(SampleJars.jar(fileName).toFile(), true)) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        // JarFile verifies an entry only once it has been read to the end.
        try (InputStream in = jar.getInputStream(entry)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        if (entry.isDirectory() || entry.getName().startsWith("META-INF/")) {
          continue;
        }
        contentEntries++;
        Certificate[] certs = entry.getCertificates();
        assertThat(certs).as("signers of %s in %s", entry.getName(), fileName).isNotNull();
        assertThat(certs[0]).as("signer of %s", entry.getName()).isEqualTo(devSigner);
      }
    }
    assertThat(contentEntries).isPositive();
  }

  @ParameterizedTest
  @CsvSource({
    SampleJars.RUNTIME_1_0_0 + ", 1.0.0, io.forkless.sample.balances.v1_0.BalancesRuntime",
    SampleJars.RUNTIME_1_1_0 + ", 1.1.0, io.forkless.sample.balances.v1_1.BalancesRuntime",
    SampleJars.RUNTIME_2_0_0 + ", 2.0.0, io.forkless.sample.balances.v2_0.BalancesRuntime"
  })
  void runtimeManifestsDeclareTheirVersionAndOneImplementation(
      String fileName, String version, String implementation) throws IOException {
    try (JarFile jar = new JarFile(SampleJars.jar(fileName).toFile())) {
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Forkless-Runtime-Version"))
          .isEqualTo(version);
      assertThat(manifest.getMainAttributes().getValue("Forkless-Runtime-Name"))
          .isEqualTo("balances");
      String services =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/services/io.forkless.api.Runtime"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(services.strip()).isEqualTo(implementation);
      assertThat(jar.getEntry("io/forkless/api/Runtime.class"))
          .as("the API is provided scope and never bundled")
          .isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SampleJars.ADD_STAKING})
  void pluginManifestDeclaresItsIdVersionAndExtension(String fileName) throws IOException {
    try (JarFile jar = new JarFile(SampleJars.jar(fileName).toFile())) {
      var attributes = jar.getManifest().getMainAttributes();
      assertThat(attributes.getValue("Plugin-Id")).isEqualTo("add_staking");
      assertThat(attributes.getValue("Plugin-Version")).isEqualTo("1.0.0");
      String index =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/extensions.idx")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(index).contains("io.forkless.sample.migration.staking.AddStakingMigration");
      assertThat(jar.getEntry("org/pf4j/ExtensionPoint.class")).isNull();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "runtimes/balances-1.0.0, " + SampleJars.RUNTIME_1_0_0,
    "runtimes/balances-1.1.0, " + SampleJars.RUNTIME_1_1_0,
    "runtimes/balances-2.0.0, " + SampleJars.RUNTIME_2_0_0,
    "plugins/add-staking, " + SampleJars.ADD_STAKING
  })
  void buildRecordsEachJarsSha256BesideIt(String module, String fileName) throws IOException {
    Path recorded = Path.of("..", module, "target", fileName + ".sha256");
    String expected =
        Hashing.sha256().hashBytes(Files.readAllBytes(SampleJars.jar(fileName))).toString();
    assertThat(Files.readString(recorded, StandardCharsets.US_ASCII).strip()).isEqualTo(expected);
  }

  private static X509Certificate devSignerCertificate() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(SampleJars.devSigningKeyStore())) {
      store.load(in, SampleJars.devPassword());
    }
    return (X509Certificate) store.getCertificate("forkless-dev-signer");
  }
}
