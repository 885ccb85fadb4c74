package io.forkless.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.host.ForklessException;
import io.forkless.node.dev.DevBundle;
import io.forkless.testing.jar.Keytool;
import io.forkless.testing.jar.SigningIdentity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code forkless node --dev --trust-store FILE --trust-store-password P}. */
class ChainOptionsTrustStoreTest {

  @TempDir Path tmp;

  private NodeSettings resolve(String... args) {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs(args);
    return command.chain.resolve(Optional.empty(), OptionalLong.empty());
  }

  private Path trustStoreOf(SigningIdentity identity, String password) throws Exception {
    Path store = tmp.resolve("mine-truststore.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("mine", identity.certificate());
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, password.toCharArray());
    }
    return store;
  }

  @Test
  void aDevNodeTrustsTheGivenStoreAsWellAsTheDevCa() throws Exception {
    SigningIdentity mine = Keytool.in(tmp).key("my-ca").create();
    Path store = trustStoreOf(mine, "pw-123");

    NodeSettings s =
        resolve("--dev", "--trust-store", store.toString(), "--trust-store-password", "pw-123");

    assertThat(s.mode()).isEqualTo(NodeSettings.Mode.DEV);
    assertThat(DevBundle.trustsDevCa(s.trust())).isTrue();
    assertThat(s.trust().certificates()).contains(mine.certificate()).hasSize(2);
  }

  @Test
  void aDevNodeWithoutTheOptionTrustsOnlyTheDevCa() {
    NodeSettings s = resolve("--dev");

    assertThat(s.trust().certificates()).isEqualTo(DevBundle.trustAnchors().certificates());
  }

  @Test
  void aWrongPasswordNamesTheOptionAndTheFile() throws Exception {
    Path store = trustStoreOf(Keytool.in(tmp).key("my-ca").create(), "pw-123");

    assertThatThrownBy(
            () ->
                resolve(
                    "--dev", "--trust-store", store.toString(), "--trust-store-password", "wrong"))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("--trust-store")
        .hasMessageContaining(store.toString());
  }

  @Test
  void eachOptionNeedsTheOther() {
    assertThatThrownBy(() -> resolve("--dev", "--trust-store", "x.p12"))
        .hasMessageContaining("needs --trust-store-password");
    assertThatThrownBy(() -> resolve("--dev", "--trust-store-password", "p"))
        .hasMessageContaining("needs --trust-store FILE");
  }

  @Test
  void withoutDevTheStoreTakesThePlaceOfTheConfigFilesTrustStore() {
    Path store = tmp.resolve("ops-truststore.p12");
    io.forkless.node.config.NodeConfig config =
        new TrustStoreOption(store, "pw").replacing(io.forkless.node.config.NodeConfig.empty());

    assertThat(config.trustStore()).contains(store);
    assertThat(config.trustStorePassword()).contains("pw");
    // Every other rule of a configured chain still applies: it needs a [genesis].
    assertThatThrownBy(
            () -> resolve("--trust-store", store.toString(), "--trust-store-password", "pw"))
        .hasMessageContaining("no chain to run");
  }
}
