package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import java.util.Optional;

/**
 * What an offline inspection of a JAR found (for {@code runtime inspect}): everything it could
 * read, and every problem that would make {@link JarVerifier#verify} refuse it (except a code-hash
 * mismatch, since no hash is expected). The signature is inspected only when the archive shape
 * passed, so the version and signer are absent for a malformed archive.
 *
 * @param source the JAR, as named to the operator
 * @param codeHash SHA-256 of the file, absent if it could not be read
 * @param declaredVersion the manifest's {@code Forkless-Runtime-Version}, if readable
 * @param signerSubject the signer certificate's subject, if there is one signer
 * @param problems every problem found, in the order found; empty when the JAR would verify
 */
public record JarInspection(
    String source,
    Optional<HashCode> codeHash,
    Optional<String> declaredVersion,
    Optional<String> signerSubject,
    ImmutableList<String> problems) {

  /** The manifest attribute a runtime declares its version in. */
  public static final String VERSION_ATTRIBUTE = "Forkless-Runtime-Version";

  /** True when no problem was found. */
  public boolean passed() {
    return problems.isEmpty();
  }
}
