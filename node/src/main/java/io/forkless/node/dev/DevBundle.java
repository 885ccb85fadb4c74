package io.forkless.node.dev;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.common.io.ByteStreams;
import io.forkless.host.ForklessException;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.loader.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/**
 * The DEVELOPMENT files bundled in the node: the signed sample JARs (resources under {@code
 * dev-plugins/}) and the dev trust store (holding only the dev CA), trusted only by {@code forkless
 * node --dev}.
 */
public final class DevBundle {

  /** The genesis runtime of the dev chain. */
  public static final String GENESIS_RUNTIME = "balances-runtime-1.0.0.jar";

  /** Every bundled sample JAR, in the order they are copied. */
  public static final List<String> SAMPLE_JARS =
      List.of(
          GENESIS_RUNTIME,
          "balances-runtime-1.1.0.jar",
          "balances-runtime-2.0.0.jar",
          "add-staking-migration.jar");

  /** The file next to the copied JARs listing their SHA-256 ({@code sha256sum -c} format). */
  public static final String CHECKSUMS = "SHA256SUMS";

  private static final String TRUST_STORE = "dev/DEV-ONLY-truststore.p12";
  private static final char[] PASSWORD = "forkless-dev-only".toCharArray();

  private DevBundle() {}

  /** The bytes of a bundled sample JAR, e.g. {@link #GENESIS_RUNTIME}. */
  public static byte[] sampleJar(String name) {
    return resource("dev-plugins/" + name);
  }

  /** The dev chain's genesis: {@link DevChain} with the bundled 1.0.0 runtime's code hash. */
  public static GenesisConfig genesis() {
    return new GenesisConfig(
        DevChain.CHAIN_ID,
        DevChain.GENESIS_TIME.toEpochMilli(),
        DevChain.runtimeGenesis(),
        Hashing.sha256().hashBytes(sampleJar(GENESIS_RUNTIME)));
  }

  /** The dev trust store (the dev CA only). */
  public static TrustAnchors trustAnchors() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new java.io.ByteArrayInputStream(resource(TRUST_STORE)), PASSWORD);
      return TrustAnchors.of(store);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new ForklessException("the bundled dev trust store is unreadable: " + e, e);
    }
  }

  /** True when {@code anchors} trusts any certificate of the dev trust store (the dev CA). */
  public static boolean trustsDevCa(TrustAnchors anchors) {
    for (X509Certificate dev : trustAnchors().certificates()) {
      if (anchors.certificates().contains(dev)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Copies every sample JAR and a {@value #CHECKSUMS} file into {@code folder} when it is missing
   * or empty; leaves a folder with anything in it alone.
   *
   * @return true when the JARs were copied
   * @throws ForklessException naming the folder when it cannot be created or written
   */
  public static boolean fillEmptyPluginsFolder(Path folder) {
    try {
      Files.createDirectories(folder);
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          return false;
        }
      }
      StringBuilder sums = new StringBuilder();
      for (String name : SAMPLE_JARS) {
        byte[] jar = sampleJar(name);
        HashCode hash = Hashing.sha256().hashBytes(jar);
        // Written under a temporary name and moved, so a watcher never sees half a JAR.
        Path tmp = folder.resolve(name + ".part");
        Files.write(tmp, jar);
        Files.move(tmp, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        sums.append(hash).append("  ").append(name).append('\n');
      }
      Files.writeString(folder.resolve(CHECKSUMS), sums, StandardCharsets.US_ASCII);
      return true;
    } catch (IOException e) {
      throw new ForklessException(
          "cannot fill plugins folder " + folder + " with the dev JARs: " + e, e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = DevBundle.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new ForklessException(
            name + " is not bundled in this node build: rebuild it with mvn package -pl node -am");
      }
      return ByteStreams.toByteArray(in);
    } catch (IOException e) {
      throw new ForklessException("cannot read bundled " + name + ": " + e, e);
    }
  }
}
