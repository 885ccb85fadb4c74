package io.forkless.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The signed sample JARs the build bundles (system property {@code forkless.sampleJars}). */
final class SampleJars {

  private SampleJars() {}

  static Path dir() {
    String dir = System.getProperty("forkless.sampleJars");
    if (dir == null) {
      throw new IllegalStateException("run through Maven: forkless.sampleJars is not set");
    }
    return Path.of(dir);
  }

  static Path runtime(String version) {
    return existing(dir().resolve("balances-runtime-" + version + ".jar"));
  }

  static Path addStaking() {
    return existing(dir().resolve("add-staking-migration.jar"));
  }

  static Path addStakingStepped() {
    return existing(dir().resolve("add-staking-stepped-migration.jar"));
  }

  /** The dev trust store: dev-keys/DEV-ONLY-truststore.p12 (property {@code forkless.devKeys}). */
  static Path devTrustStore() {
    return existing(
        Path.of(System.getProperty("forkless.devKeys")).resolve("DEV-ONLY-truststore.p12"));
  }

  static Path devSigningStore() {
    return existing(
        Path.of(System.getProperty("forkless.devKeys")).resolve("DEV-ONLY-jar-signing.p12"));
  }

  private static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: build the node module first");
    }
    return file;
  }
}
