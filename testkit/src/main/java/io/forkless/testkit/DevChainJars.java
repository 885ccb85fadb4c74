package io.forkless.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The JARs of {@code forkless node --dev}, bundled with the kit for upgrade rehearsals. */
public final class DevChainJars {

  /** The file name of the dev chain's genesis runtime (balances 1.0.0, signed with the dev key). */
  public static final String GENESIS_RUNTIME = "balances-runtime-1.0.0.jar";

  private DevChainJars() {}

  /**
   * Writes the dev chain's genesis runtime into {@code folder} and returns its path: the runtime a
   * dev chain starts with, so {@code TestChain.builder().runtime(...)} rehearses the upgrade a dev
   * node will run. Its state layout is in docs/state-encoding.md (layout 1: {@code acct/HEX} to an
   * 8-byte big-endian balance, {@code nonce/HEX} to the account's next nonce, 8 bytes, absent = 0,
   * {@code name/NAME} to a genesis name's raw key; transactions are signed envelopes ({@link
   * TestAccount#sign}) of {@code transfer TO AMOUNT}).
   *
   * @throws UncheckedIOException if the folder cannot be written
   */
  public static Path genesisRuntime(Path folder) {
    Path target = folder.resolve(GENESIS_RUNTIME);
    try (InputStream in = DevChainJars.class.getResourceAsStream("dev-chain/" + GENESIS_RUNTIME)) {
      if (in == null) {
        throw new IllegalStateException("the test kit is missing its bundled " + GENESIS_RUNTIME);
      }
      Files.createDirectories(folder);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
