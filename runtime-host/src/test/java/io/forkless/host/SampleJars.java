package io.forkless.host;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put the signed sample JARs (copied by maven-dependency-plugin) and the
 * development keys. Tests reach these JARs only as files, never through the class path.
 */
public final class SampleJars {

  public static final String RUNTIME_1_0_0 = "balances-runtime-1.0.0.jar";
  public static final String RUNTIME_1_1_0 = "balances-runtime-1.1.0.jar";
  public static final String RUNTIME_2_0_0 = "balances-runtime-2.0.0.jar";
  public static final String ADD_STAKING = "add-staking-migration.jar";
  public static final String ADD_STAKING_STEPPED = "add-staking-stepped-migration.jar";

  private SampleJars() {}

  /** The folder holding the sample JARs. */
  public static Path dir() {
    return existing(property("forkless.sampleJars", "target/sample-jars"));
  }

  /** One sample JAR by file name, e.g. {@link #RUNTIME_1_0_0}. */
  public static Path jar(String fileName) {
    return existing(dir().resolve(fileName));
  }

  /** The development trust store (holds the dev CA only). */
  public static Path devTrustStore() {
    return existing(devKeys().resolve("DEV-ONLY-truststore.p12"));
  }

  /** The development signing key store (alias forkless-dev-signer). */
  public static Path devSigningKeyStore() {
    return existing(devKeys().resolve("DEV-ONLY-jar-signing.p12"));
  }

  /** The development CA key store (alias forkless-dev-ca), for issuing test certificates. */
  public static Path devCaKeyStore() {
    return existing(devKeys().resolve("DEV-ONLY-ca.p12"));
  }

  /** Password of every development key store. */
  public static char[] devPassword() {
    return "forkless-dev-only".toCharArray();
  }

  private static Path devKeys() {
    return existing(property("forkless.devKeys", "../dev-keys"));
  }

  private static Path property(String name, String fallback) {
    return Path.of(System.getProperty(name, fallback));
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          path.toAbsolutePath()
              + " is missing: run the tests through Maven (mvn verify) so the"
              + " sample JARs are built, signed and copied first");
    }
    return path;
  }
}
