package io.forkless.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.testing.jar.Keytool;
import io.forkless.testing.jar.SigningIdentity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignersTest {

  @Test
  void aStoreAddedToTheDevCaTrustsBoth(@TempDir Path dir) throws Exception {
    SigningIdentity mine = Keytool.in(dir).key("mine").create();
    Path store = dir.resolve("mine-trust.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("mine", mine.certificate());
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, "pw".toCharArray());
    }

    Signers both = Signers.devCa().and(Signers.trustStore(store, "pw"));

    assertThat(both.anchors().certificates())
        .containsAll(Signers.devCa().anchors().certificates())
        .contains(mine.certificate())
        .hasSize(2);
    assertThat(both.toString()).contains("DEVELOPMENT CA").contains(store.toString());
    // The dev-signed sample still loads under both.
    TestChainTest.balances(TestChainTest.V1_0).signers(both).start().close();
  }

  @Test
  void withoutPropertiesTheBuildTrustsTheDevCaOnly() {
    assertThat(System.getProperty(Signers.TRUST_STORE_PROPERTY, "")).isBlank();

    assertThat(Signers.fromSystemProperties().anchors().certificates())
        .isEqualTo(Signers.devCa().anchors().certificates());
  }

  @Test
  void anUnreadableStoreSaysWhichFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.p12");

    assertThatThrownBy(() -> Signers.trustStore(missing, "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }
}
