package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.hash.HashCode;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * A JAR that passed the archive-shape, code-hash and signature checks, held entirely in memory.
 * Every class later defined from it comes from these bytes, never from the file again, so a file
 * swapped after verification can never be loaded and no file handle pins the JAR.
 *
 * <p>Only {@link JarVerifier} makes one (no public constructor). Immutable and thread-safe: entry
 * contents are copied in and out, never shared.
 */
public final class VerifiedJar {

  private final String source;
  private final HashCode codeHash;
  private final ImmutableMap<String, String> mainAttributes;
  private final ImmutableSortedMap<String, byte[]> entries;
  private final ImmutableList<X509Certificate> signerChain;

  /**
   * Only the verifier makes one (and tests of this package): the type is the proof that the checks
   * passed. The entries' bytes are copied in.
   */
  VerifiedJar(
      String source,
      HashCode codeHash,
      ImmutableMap<String, String> mainAttributes,
      ImmutableSortedMap<String, byte[]> entries,
      ImmutableList<X509Certificate> signerChain) {
    if (signerChain.isEmpty()) {
      throw new IllegalArgumentException(
          "a verified JAR has a signer, but " + source + " has none");
    }
    ImmutableSortedMap.Builder<String, byte[]> copies = ImmutableSortedMap.naturalOrder();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      copies.put(e.getKey(), e.getValue().clone());
    }
    this.source = source;
    this.codeHash = codeHash;
    this.mainAttributes = mainAttributes;
    this.entries = copies.build();
    this.signerChain = signerChain;
  }

  /** Where the bytes came from, for messages only (e.g. the file path). */
  public String source() {
    return source;
  }

  /** SHA-256 of the whole file, as governance approves it. */
  public HashCode codeHash() {
    return codeHash;
  }

  /** The manifest's main attributes, by name. */
  public ImmutableMap<String, String> mainAttributes() {
    return mainAttributes;
  }

  /** The names of every file entry (directories excluded), sorted. */
  public ImmutableSortedSet<String> entryNames() {
    return entries.keySet();
  }

  /** The signer's certificate chain, leaf first. */
  public ImmutableList<X509Certificate> signerChain() {
    return signerChain;
  }

  /** A copy of the entry's bytes, or empty when the JAR has no such file entry. */
  public Optional<byte[]> entry(String name) {
    return Optional.ofNullable(entries.get(name)).map(byte[]::clone);
  }

  /** The value of a main manifest attribute, e.g. {@code Forkless-Runtime-Version}. */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(mainAttributes.get(name));
  }

  /** The certificate that signed every entry. */
  public X509Certificate signer() {
    return signerChain.get(0);
  }

  /**
   * The entries' bytes without copying, for the loader's own class definition and bytecode scan.
   * The arrays must not be modified.
   */
  ImmutableSortedMap<String, byte[]> entriesUnsafe() {
    return entries;
  }
}
